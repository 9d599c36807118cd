import { createHash } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { createIdempotencyTableV1 as CREATE, dropIdempotencyTableV1 as DROP } from './idempotency-table.v1';

/** Every statement a function sends, for schema `svc`. */
async function statements(fn: (q: QueryRunner, schema: string) => Promise<void>): Promise<string> {
  const sent: string[] = [];
  await fn({ query: async (sql: string) => void sent.push(sql) } as unknown as QueryRunner, 'svc');
  return sent.join(';\n');
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

// Committed migrations call these: the SQL they send must never change. When this test fails, undo
// the edit and write a V2 (a new function and a new migration) instead of changing V1.
describe('frozen migration helpers (V1)', () => {
  it('creates exactly what it created when the migrations were committed', async () => {
    expect(sha256(await statements(CREATE))).toBe('21f10145afc80f0f35b115146b2cf9ed40025b1285869dc688490e60740ea47a');
  });

  it('drops exactly what it dropped', async () => {
    expect(sha256(await statements(DROP))).toBe('22e2367ad95a6a09b3ea03f062db7692530fb9a1b41f7ca17c36323ae080a618');
  });
});
