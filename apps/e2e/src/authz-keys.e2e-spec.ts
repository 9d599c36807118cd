import { API_KEY_SCOPES } from '@sms/contracts';
import { MATRIX } from './authz/expectations';
import { buildKeyPersonas, KeyPersona } from './authz/key-personas';
import { KEY_SCOPES } from './authz/key-scopes';
import { buildWorld, World } from './authz/personas';
import { Operation, OpenApiDoc, operationsOf } from './fuzz/openapi-operations';
import { withKey } from './support/api-keys';
import { e2eHttp, e2eState } from './support/e2e-state';

const http = e2eHttp();

/**
 * Operations whose matrix cell for `manager` is 401 only because that persona's token was revoked
 * by the deactivation earlier in document order: what a live manager, and so a key bound to its
 * sub-account, gets.
 */
const LIVE_MANAGER: Record<string, number> = {
  'GET /reports/summary': 200,
  'GET /reports/summary.xlsx': 200,
  // Its own webhooks; the owner's webhook is not its to see.
  'POST /webhooks': 201,
  'GET /webhooks': 200,
  'GET /webhooks/{id}': 404,
  'PATCH /webhooks/{id}': 404,
  'POST /webhooks/{id}/rotate-secret': 404,
  'GET /webhooks/{id}/deliveries': 404,
  'POST /webhooks/{id}/deliveries/{deliveryId}/redeliver': 404,
  'DELETE /webhooks/{id}': 404,
};

/**
 * What a key must get: public operations ignore it; a dead key is 401; a key without the
 * operation's scope (or on an operation closed to keys) is 403; otherwise it gets what the
 * login it acts as gets in the persona matrix.
 */
function expected(op: Operation, key: KeyPersona): number {
  const c = MATRIX[`${op.method} ${op.path}`];
  if (!op.secured) return c.expect.anonymous;
  if (key.dead) return 401;
  // The operator API knows only ADMIN_TOKEN: a customer's key is no credential there.
  if (op.path.startsWith('/admin/')) return 401;
  // Runs while the target sub-account is deactivated: its keys are refused like its manager's token.
  if (key.actsAs === 'manager' && `${op.method} ${op.path}` === 'POST /sub-accounts/{id}/activate') return 401;
  const scope = KEY_SCOPES[`${op.method} ${op.path}`];
  if (!scope || !key.scopes.includes(scope)) return 403;
  if (key.actsAs === 'manager' && `${op.method} ${op.path}` in LIVE_MANAGER)
    return LIVE_MANAGER[`${op.method} ${op.path}`];
  return c.expect[key.actsAs];
}

describe('authorization matrix for API keys (every operation × every key)', () => {
  let world: World;
  let keys: KeyPersona[];
  let operations: Operation[];

  beforeAll(async () => {
    const doc = (await (await fetch(`${e2eState().baseUrl}/api/docs-json`)).json()) as OpenApiDoc;
    operations = operationsOf(doc).filter((op) => `${op.method} ${op.path}` in MATRIX);
    world = await buildWorld(http);
    keys = await buildKeyPersonas(http, world);
  }, 180_000);

  it('names only operations that exist, and gives every scope at least one', () => {
    const known = new Set(operations.map((op) => `${op.method} ${op.path}`));
    expect(Object.keys(KEY_SCOPES).filter((k) => !known.has(k))).toEqual([]);
    const opened = new Set(Object.values(KEY_SCOPES));
    expect(API_KEY_SCOPES.filter((s) => !opened.has(s))).toEqual([]);
  });

  it('gives each key exactly the expected status: each scope opens its operations and nothing else', async () => {
    expect(operations.length).toBeGreaterThan(40);
    expect(keys.length).toBe(6 + API_KEY_SCOPES.length);
    const mismatches: { operation: string; key: string; expected: number; got: number; detail?: string }[] = [];
    let checked = 0;
    let allowed = 0;
    for (const op of operations) {
      const key = `${op.method} ${op.path}`;
      const c = MATRIX[key];
      for (const k of keys) {
        const path =
          op.path.replace('{id}', c.id ? c.id(world) : '').replace('{deliveryId}', world.webhookDeliveryId) +
          (c.query ? `?${c.query}` : '');
        const want = expected(op, k);
        const res = await http.request(op.method, path, { ...withKey(k.secret), body: c.body?.(world, k.actsAs) });
        checked++;
        if (op.secured && want < 300) allowed++;
        if (res.status !== want) {
          mismatches.push({ operation: key, key: k.name, expected: want, got: res.status, detail: res.body?.detail });
        }
      }
    }
    expect(checked).toBe(operations.length * keys.length);
    // Keys did reach real operations (not only refusals).
    expect(allowed).toBeGreaterThan(Object.keys(KEY_SCOPES).length);
    expect(mismatches).toEqual([]);
  }, 300_000);
});
