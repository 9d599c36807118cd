import { MATRIX } from './authz/expectations';
import { buildWorld, PERSONAS, World } from './authz/personas';
import { foreignIds, ownIds } from './authz/tenancy';
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

  it('has no entry for an operation that no longer exists', () => {
    const published = new Set(operations.map((op) => `${op.method} ${op.path}`));
    expect(published.size).toBeGreaterThan(10);
    expect(Object.keys(MATRIX).filter((key) => !published.has(key))).toEqual([]);
  });

  it("gives each persona exactly the expected status and no other tenant's data: no leaks, no lock-outs", async () => {
    const mismatches: Mismatch[] = [];
    const leaks: string[] = [];
    const ownSeen = new Map<string, boolean>();
    let checked = 0;
    let readsScanned = 0;
    // Logging out revokes the caller's session (its access token too): that operation goes last.
    const isLogout = (op: { method: string; path: string }) => op.method === 'POST' && op.path === '/auth/logout';
    for (const op of [...operations].sort((a, b) => Number(isLogout(a)) - Number(isLogout(b)))) {
      const key = `${op.method} ${op.path}`;
      const c = MATRIX[key];
      if (!c) continue;
      for (const persona of PERSONAS) {
        const path =
          op.path.replace('{id}', c.id ? c.id(world) : '').replace('{deliveryId}', world.webhookDeliveryId) +
          (c.query ? `?${c.query}` : '');
        const body = c.body?.(world, persona);
        checked++;
        try {
          const token = c.token ? c.token(world, persona) : world.tokens[persona];
          const res = await http.request(op.method, path, { token, body });
          const code = c.codes?.[persona];
          if (code && res.body?.code !== code) {
            mismatches.push({
              operation: key,
              persona,
              expected: c.expect[persona],
              got: res.status,
              detail: `code ${res.body?.code}, expected ${code}`,
            });
          }
          // A read answered: the content, not only the status, must belong to the caller.
          if (op.method === 'GET' && res.status === 200 && /json/.test(res.headers.get('content-type') ?? '')) {
            readsScanned++;
            for (const id of foreignIds(world, persona))
              if (res.text.includes(id)) leaks.push(`${key} as ${persona}: ${id}`);
            for (const id of ownIds(world)[persona] ?? [])
              if (res.text.includes(id)) ownSeen.set(`${persona} ${id}`, true);
          }
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
    expect(readsScanned).toBeGreaterThan(20);
    expect(leaks).toEqual([]);
    // The scan reads real lists: each owner saw its own sub-account and invoice somewhere.
    const own = Object.entries(ownIds(world)).flatMap(([p, ids]) => ids.map((id) => `${p} ${id}`));
    expect(own.length).toBeGreaterThan(0);
    expect(own.filter((k) => !ownSeen.get(k))).toEqual([]);
  }, 300_000);
});
