import { JsonSchema, OpenApiDoc } from './openapi-operations';

/**
 * Checks a 2xx JSON answer against its response schema in the OpenAPI document: types, required
 * properties, enums and nullability, recursively ($refs resolved). Extra properties are allowed.
 * Resolves the list of problems (empty when it conforms), each with its JSON path.
 */
export function schemaProblems(value: unknown, schema: JsonSchema | undefined, doc: OpenApiDoc, at = '$'): string[] {
  if (!schema) return [];
  if (value === null && schema.nullable) return []; // also beside a $ref or allOf
  if (schema.$ref)
    return schemaProblems(value, doc.components.schemas[schema.$ref.split('/').pop() as string], doc, at);
  if (schema.allOf) return schema.allOf.flatMap((s) => schemaProblems(value, s, doc, at));
  if (value === null) return schema.nullable ? [] : [`${at}: null, not nullable`];
  if (schema.enum && !schema.enum.includes(value))
    return [`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`];
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: ${typeof value}, expected object`];
      const obj = value as Record<string, unknown>;
      const missing = (schema.required ?? []).filter((k) => !(k in obj)).map((k) => `${at}.${k}: required, missing`);
      const props = Object.entries(schema.properties ?? {}).filter(([k]) => k in obj && obj[k] !== undefined);
      return [...missing, ...props.flatMap(([k, s]) => schemaProblems(obj[k], s, doc, `${at}.${k}`))];
    }
    case 'array':
      if (!Array.isArray(value)) return [`${at}: ${typeof value}, expected array`];
      return value.flatMap((v, i) => schemaProblems(v, schema.items, doc, `${at}[${i}]`));
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: ${JSON.stringify(value)}, expected integer`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: ${typeof value}, expected number`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: ${typeof value}, expected boolean`];
    case 'string':
      if (typeof value !== 'string') return [`${at}: ${typeof value}, expected string`];
      if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) return [`${at}: ${value}, not a date-time`];
      if (schema.format === 'uuid' && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value))
        return [`${at}: ${value}, not a uuid`];
      return [];
    default:
      return [];
  }
}
