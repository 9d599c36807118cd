import fc from 'fast-check';
import { JsonSchema, Operation } from './openapi-operations';

/** Values that break assumptions: boundaries, wrong types, huge and odd strings. */
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -1, 1.5, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -0, '', ' ', 'null', 'true', '0', '-1', '1e309'),
  fc.constantFrom(
    'x'.repeat(10_000),
    '\u0000',
    '\ud800',
    '💥'.repeat(300),
    '<script>',
    "'; DROP TABLE x;--",
    '../../etc/passwd',
  ),
  fc.constantFrom(null, true, false, [], {}, [1, 2], { $gt: '' }, { __proto__: { admin: true } }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer(),
  fc.double(),
);

function validString(s: JsonSchema): fc.Arbitrary<string> {
  if (s.enum) return fc.constantFrom(...(s.enum as string[]));
  switch (s.format) {
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.emailAddress();
    case 'date-time':
      return fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString());
    default:
      return fc.oneof(
        fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 30, 60) }),
        fc.constantFrom('+393331234567', 'IT', 'Anna', 'Via Roma 1', 'correct horse battery', 'ACME'),
      );
  }
}

/** Mostly-valid values for a schema, with a nasty one mixed in now and then. */
export function valueFor(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return nasty;
  let base: fc.Arbitrary<unknown>;
  if (schema.enum) base = fc.constantFrom(...schema.enum);
  else if (schema.type === 'integer' || schema.type === 'number')
    base = fc.integer({ min: schema.minimum ?? -10, max: Math.min(schema.maximum ?? 20_000, 2 ** 31) });
  else if (schema.type === 'boolean') base = fc.boolean();
  else if (schema.type === 'array') base = fc.array(valueFor(schema.items, depth + 1), { maxLength: 5 });
  else if (schema.type === 'object' || schema.properties) base = objectFor(schema, depth);
  else base = validString(schema);
  return fc.oneof({ weight: 4, arbitrary: base }, { weight: 1, arbitrary: nasty });
}

function objectFor(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const record = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueFor(v, depth + 1)]));
  const optional = Object.keys(props).filter((k) => !required.has(k));
  return fc
    .tuple(
      fc.record(record, { requiredKeys: [...required].filter((k) => k in record) }),
      fc.subarray([...required]),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), nasty, { maxKeys: 2 }),
      fc.boolean(),
    )
    .map(([obj, drop, extra, addExtra]) => {
      const out: Record<string, unknown> = { ...(obj as Record<string, unknown>) };
      for (const k of drop) delete out[k];
      void optional;
      return addExtra ? { ...out, ...extra } : out;
    });
}

export interface FuzzRequest {
  method: string;
  path: string;
  rawBody?: string;
  headers: Record<string, string>;
  /** Whose token goes with it: the funded owner's, its manager's, or none. */
  as: 'owner' | 'manager' | 'none';
}

/** Path ids: real ones of the fuzzed account (so deep handlers run), random and broken ones. */
const pathSegment = (realIds: string[]) =>
  fc.oneof(
    ...(realIds.length ? [{ weight: 4, arbitrary: fc.constantFrom(...realIds) }] : []),
    { weight: 3, arbitrary: fc.uuid() },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '0',
        '-1',
        'null',
        'x'.repeat(300),
        '%00',
        '..',
        '%E2%82%AC',
        'ffffffff-ffff-ffff-ffff-ffffffffffff',
      ),
    },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent) },
  );

/** One request for an operation: valid-ish or broken body, params, ids, content type and token. */
export function requestFor(op: Operation, realIds: string[] = []): fc.Arbitrary<FuzzRequest> {
  const query = op.parameters.filter((p) => p.in === 'query');
  const queryArb = fc.record(
    Object.fromEntries(query.map((p) => [p.name, valueFor(p.schema ?? { type: 'string' }).map((v) => String(v))])),
    { requiredKeys: [] },
  );
  const bodyArb = fc.oneof(
    { weight: 8, arbitrary: valueFor(op.body ?? { type: 'object' }).map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', '[1,2', 'nul', '"\\ud800"', '{"a":1}}', '\u0000') },
    { weight: 1, arbitrary: fc.json() },
  );
  return fc
    .record({
      segments: fc.array(pathSegment(realIds), { minLength: 4, maxLength: 4 }),
      query: queryArb,
      body: bodyArb,
      contentType: fc.oneof(
        { weight: 8, arbitrary: fc.constant('application/json') },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'application/json; charset=latin1',
            'multipart/form-data',
          ),
        },
      ),
      idempotencyKey: fc.option(fc.oneof(fc.uuid(), fc.constantFrom('', 'k'.repeat(300))), { nil: undefined }),
      as: fc.oneof(
        { weight: 4, arbitrary: fc.constant('owner' as const) },
        { weight: 2, arbitrary: fc.constant('manager' as const) },
        { weight: 1, arbitrary: fc.constant('none' as const) },
      ),
    })
    .map(({ segments, query: q, body, contentType, idempotencyKey, as }) => {
      let i = 0;
      const path = op.path.replace(/\{[^}]+\}/g, () => segments[i++]);
      const qs = new URLSearchParams(q as Record<string, string>).toString();
      const headers: Record<string, string> = {};
      const hasBody = op.method !== 'GET';
      if (hasBody) headers['content-type'] = contentType;
      if (idempotencyKey !== undefined && idempotencyKey !== '') headers['idempotency-key'] = idempotencyKey;
      return {
        method: op.method,
        path: qs ? `${path}?${qs}` : path,
        rawBody: hasBody ? body : undefined,
        headers,
        as,
      };
    });
}
