import { MATRIX } from './authz/expectations';
import { buildWorld, PERSONAS, World } from './authz/personas';
import { OpenApiDoc, operationsOf } from './fuzz/openapi-operations';
import { e2eHttp, e2eState } from './support/e2e-state';

const http = e2eHttp();

interface Mismatch {
  operation: string;
  persona: string;
  expected: number;
  got: number;
  detail?: string;
}

describe('authorization matrix (every operation × every persona)', () => {
  let world: World;
  let operations: ReturnType<typeof operationsOf>;

  beforeAll(async () => {
    const doc = (await (await fetch(`${e2eState().baseUrl}/api/docs-json`)).json()) as OpenApiDoc;
    operations = operationsOf(doc);
    world = await buildWorld(http);
  }, 120_000);

  it('has an expectation for every operation in the OpenAPI document', () => {
    const missing = operations.map((op) => `${op.method} ${op.path}`).filter((key) => !(key in MATRIX));
    expect(missing).toEqual([]);
  });

  it('gives each persona exactly the expected status: no leaks, no lock-outs', async () => {
    const mismatches: Mismatch[] = [];
    let checked = 0;
    for (const op of operations) {
      const key = `${op.method} ${op.path}`;
      const c = MATRIX[key];
      if (!c) continue;
      for (const persona of PERSONAS) {
        const path = op.path.replace('{id}', c.id ? c.id(world) : '') + (c.query ? `?${c.query}` : '');
        const body = c.body?.(world, persona);
        checked++;
        try {
          const token = c.token ? c.token(world, persona) : world.tokens[persona];
          const res = await http.request(op.method, path, { token, body });
          if (res.status !== c.expect[persona]) {
            mismatches.push({
              operation: key,
              persona,
              expected: c.expect[persona],
              got: res.status,
              detail: res.body?.detail,
            });
          }
        } catch (err) {
          mismatches.push({ operation: key, persona, expected: c.expect[persona], got: -1, detail: String(err) });
        }
      }
    }
    expect(checked).toBe(operations.length * PERSONAS.length);
    expect(mismatches).toEqual([]);
  }, 300_000);
});
