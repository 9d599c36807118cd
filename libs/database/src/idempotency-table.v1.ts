import { QueryRunner } from 'typeorm';

// FROZEN. Committed migrations call these functions, so editing them would silently change what an
// old migration means. A new shape is a V2 function and a new migration; idempotency-table.v1.spec.ts
// pins this SQL.

/** Creates `<schema>.idempotency_keys`; call it from the service's own migration. */
export async function createIdempotencyTableV1(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`
    CREATE TABLE "${schema}".idempotency_keys (
      account_id uuid NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      response jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, key)
    )`);
}

export async function dropIdempotencyTableV1(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`DROP TABLE "${schema}".idempotency_keys`);
}
