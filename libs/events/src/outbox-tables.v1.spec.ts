import { createHash } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { createOutboxTablesV1 as CREATE, dropOutboxTablesV1 as DROP } from './outbox-tables.v1';

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
    expect(sha256(await statements(CREATE))).toBe('2d970f2a7ebbcef804dc8b0261c71554684d17ced04e1251539a5220a04c9839');
  });

  it('drops exactly what it dropped', async () => {
    expect(sha256(await statements(DROP))).toBe('906969a80f09da28ef0c87b872b7405008460892c99781174f2a50b8c00b3ab6');
  });
});
