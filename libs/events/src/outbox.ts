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

/** Deletes published rows older than `olderThanDays`; unpublished rows are never touched. */
export async function purgePublishedOutbox(em: EntityManager, schema: string, olderThanDays: number): Promise<number> {
  const [, affected] = (await em.query(
    `DELETE FROM ${quoteSchema(schema)}.outbox WHERE published_at IS NOT NULL AND published_at < now() - make_interval(days => $1)`,
    [olderThanDays],
  )) as [unknown, number];
  return affected ?? 0;
}
