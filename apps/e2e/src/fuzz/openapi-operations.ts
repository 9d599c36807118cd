/** The operations of the gateway's OpenAPI document, with their schemas resolved. */
export interface JsonSchema {
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  nullable?: boolean;
  $ref?: string;
  allOf?: JsonSchema[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  method: string;
  /** The path template under /api/v1, e.g. `/invoices/{id}`. */
  path: string;
  parameters: Parameter[];
  body?: JsonSchema;
  secured: boolean;
  /** Response schemas by 2xx status (unresolved: see response-schema.ts). */
  responses: Record<string, JsonSchema | undefined>;
}

/** A request body or a response of the document: schemas by media type. */
interface Content {
  content?: Record<string, { schema?: JsonSchema } | undefined>;
}

export interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Parameter[]; requestBody?: Content; security?: unknown[]; responses?: Record<string, Content> }
    >
  >;
  components: { schemas: Record<string, JsonSchema> };
}

export function resolve(schema: JsonSchema | undefined, doc: OpenApiDoc): JsonSchema | undefined {
  if (!schema) return undefined;
  if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop() as string], doc);
  if (schema.allOf?.length === 1) return resolve(schema.allOf[0], doc);
  if (!schema.properties) return schema;
  const properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolve(v, doc) ?? {}]));
  return { ...schema, properties };
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [fullPath, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const bodySchema = op.requestBody?.content?.['application/json']?.schema as JsonSchema | undefined;
      ops.push({
        method: method.toUpperCase(),
        path: fullPath.replace(/^\/api\/v1/, ''),
        parameters: op.parameters ?? [],
        body: resolve(bodySchema, doc),
        secured: Array.isArray(op.security) && op.security.length > 0,
        responses: Object.fromEntries(
          Object.entries(op.responses ?? {})
            .filter(([status]) => /^2\d\d$/.test(status))
            .map(([status, r]) => [status, r?.content?.['application/json']?.schema as JsonSchema | undefined]),
        ),
      });
    }
  }
  return ops;
}
