import { QueryRunner } from 'typeorm';

function q(schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  return `"${schema}"`;
}

// FROZEN. Committed migrations call these functions, so editing them would silently change what an
// old migration means (a fresh database would differ from an upgraded one). A new shape of the
// outbox or inbox is a V2 file and a new migration; outbox-tables.v1.spec.ts pins this SQL.

/** DDL (version 1) for the outbox and inbox of one service schema, for services writing SQL migrations. */
export function outboxTablesV1Sql(schema: string): string[] {
  const s = q(schema);
  return [
    `CREATE TABLE IF NOT EXISTS ${s}.outbox (
      id uuid PRIMARY KEY,
      type text NOT NULL,
      subject text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz
    )`,
    // The relay only ever scans the unpublished tail; the partial index stays tiny.
    `CREATE INDEX IF NOT EXISTS outbox_unpublished_idx ON ${s}.outbox (created_at) WHERE published_at IS NULL`,
    `CREATE TABLE IF NOT EXISTS ${s}.inbox (
      consumer text NOT NULL,
      event_id uuid NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`,
  ];
}

export function dropOutboxTablesV1Sql(schema: string): string[] {
  const s = q(schema);
  return [`DROP TABLE IF EXISTS ${s}.inbox`, `DROP TABLE IF EXISTS ${s}.outbox`];
}

/** Call from a service migration's `up`. */
export async function createOutboxTablesV1(runner: QueryRunner, schema: string): Promise<void> {
  for (const sql of outboxTablesV1Sql(schema)) await runner.query(sql);
}

/** Call from the same migration's `down`. */
export async function dropOutboxTablesV1(runner: QueryRunner, schema: string): Promise<void> {
  for (const sql of dropOutboxTablesV1Sql(schema)) await runner.query(sql);
}
