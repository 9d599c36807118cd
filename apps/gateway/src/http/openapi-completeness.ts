import type { OpenAPIObject } from '@nestjs/swagger';

type Schema = {
  $ref?: string;
  type?: string;
  example?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  nullable?: boolean;
};
type Media = { schema?: Schema; example?: unknown; examples?: unknown };
type Operation = {
  summary?: string;
  parameters?: { in?: string; name?: string }[];
  responses?: Record<string, { content?: Record<string, Media> }>;
};

/** Routes with no failure mode of their own: they answer 200 while the process runs. */
const NO_ERRORS = new Set(['GET /api/v1/health/live', 'GET /api/v1/metrics']);

/**
 * What a generated client needs from each operation: a summary, its error answers, and an
 * example of every body it returns (explicit, or composed from the schema's property examples).
 * Returns one line per gap; an empty list means the document is complete.
 */
export function openApiGaps(doc: OpenAPIObject): string[] {
  const gaps: string[] = [];
  const schemas = (doc.components?.schemas ?? {}) as Record<string, Schema>;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item as Record<string, Operation>)) {
      const name = `${method.toUpperCase()} ${path}`;
      const responses = raw.responses ?? {};
      if (!raw.summary?.trim()) gaps.push(`${name}: no summary`);
      for (const param of undeclaredPathParams(path, raw)) gaps.push(`${name}: path parameter {${param}} not declared`);
      const codes = Object.keys(responses).map(Number);
      if (!NO_ERRORS.has(name) && !codes.some((c) => c >= 400)) gaps.push(`${name}: no error response`);
      for (const [code, response] of Object.entries(responses)) {
        for (const [type, media] of Object.entries(response.content ?? {})) {
          if (media.example !== undefined || media.examples !== undefined) continue;
          if (!type.includes('json')) continue;
          const missing = missingExamples(media.schema, schemas, '', new Set());
          if (missing.length > 0) gaps.push(`${name} ${code}: no example for ${missing.join(', ')}`);
        }
      }
    }
  }
  return gaps;
}

/** `{id}` in the path with no `in: path` parameter: a generated client cannot fill it. */
function undeclaredPathParams(path: string, op: Operation): string[] {
  const declared = new Set((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name));
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).filter((name) => !declared.has(name));
}

function missingExamples(
  schema: Schema | undefined,
  schemas: Record<string, Schema>,
  at: string,
  seen: Set<string>,
): string[] {
  if (!schema) return [at || '(body)'];
  if (schema.example !== undefined) return [];
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop() ?? '';
    if (seen.has(name)) return [];
    return missingExamples(schemas[name], schemas, at, new Set([...seen, name]));
  }
  const parts = [...(schema.allOf ?? []), ...(schema.oneOf ?? [])];
  if (parts.length > 0) return parts.flatMap((p) => missingExamples(p, schemas, at, seen));
  if (schema.type === 'array') return missingExamples(schema.items, schemas, `${at}[]`, seen);
  if (schema.properties) {
    return Object.entries(schema.properties).flatMap(([key, prop]) =>
      missingExamples(prop, schemas, at ? `${at}.${key}` : key, seen),
    );
  }
  return [at || '(body)'];
}
