import { EntityManager } from 'typeorm';
import { EventEnvelope, eventSubject } from './event-envelope';
import { quoteSchema } from './schema-name';

/**
 * Records an event in the caller's transaction: it becomes visible to the relay exactly
 * when the state change it describes commits, and vanishes with it on rollback.
 * `em` must be the transactional EntityManager (e.g. from `dataSource.transaction`).
 */
export async function appendToOutbox(em: EntityManager, schema: string, envelope: EventEnvelope): Promise<void> {
  await em.query(`INSERT INTO ${quoteSchema(schema)}.outbox (id, type, subject, payload) VALUES ($1, $2, $3, $4)`, [
    envelope.id,
    envelope.type,
    eventSubject(envelope.type),
    JSON.stringify(envelope),
  ]);
}

/** Anything that runs a parameterised statement: a transactional EntityManager or a pg client inside BEGIN/COMMIT. */
export interface OutboxQueryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * appendToOutbox for many events in ONE statement (`INSERT … SELECT FROM unnest`), in the caller's
 * transaction: the same rows as one appendToOutbox per envelope, in the given order, without one
 * round trip each (a 10,000-recipient campaign, a batch of reservations). No-op for an empty list.
 */
export async function appendManyToOutbox(
  q: OutboxQueryable,
  schema: string,
  envelopes: EventEnvelope[],
): Promise<void> {
  if (envelopes.length === 0) return;
  await q.query(
    `INSERT INTO ${quoteSchema(schema)}.outbox (id, type, subject, payload)
     SELECT id, type, subject, payload::jsonb
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(id, type, subject, payload, n)
      ORDER BY n`,
    [
      envelopes.map((e) => e.id),
      envelopes.map((e) => e.type),
      envelopes.map((e) => eventSubject(e.type)),
      envelopes.map((e) => JSON.stringify(e)),
    ],
  );
}

/**
 * The head of an outbox insert, `INSERT INTO "<schema>".outbox (id, type, subject, payload)`, for a
 * statement that writes its events as an `INSERT … SELECT` inside a larger statement (a CTE of a
 * single auto-committed statement, whose payloads PostgreSQL completes from `RETURNING` values).
 * The SELECT must yield the envelope's id, its type, `eventSubject(type)` and the envelope as jsonb.
 */
export function outboxInsertHead(schema: string): string {
  return `INSERT INTO ${quoteSchema(schema)}.outbox (id, type, subject, payload)`;
}

/** Deletes published rows older than `olderThanDays`; unpublished rows are never touched. */
export async function purgePublishedOutbox(em: EntityManager, schema: string, olderThanDays: number): Promise<number> {
  const [, affected] = (await em.query(
    `DELETE FROM ${quoteSchema(schema)}.outbox WHERE published_at IS NOT NULL AND published_at < now() - make_interval(days => $1)`,
    [olderThanDays],
  )) as [unknown, number];
  return affected ?? 0;
}
