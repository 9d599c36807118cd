import { createEnvelope, eventSubject } from '@sms/events';
import { EntityManager } from 'typeorm';

export interface PendingEvent<T> {
  type: string;
  data: T;
  accountId?: string;
  occurredAt?: Date;
}

/**
 * appendToOutbox for many events in one statement: a 10,000-recipient campaign would
 * otherwise cost 10,000 round trips inside its transaction. Same rows, same table.
 */
export async function appendManyToOutbox<T>(em: EntityManager, events: PendingEvent<T>[]): Promise<void> {
  if (events.length === 0) return;
  const envelopes = events.map((e) =>
    createEnvelope(e.type, e.data, { accountId: e.accountId, occurredAt: e.occurredAt }),
  );
  await em.query(
    `INSERT INTO messaging.outbox (id, type, subject, payload)
     SELECT id, type, subject, payload::jsonb FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS t(id, type, subject, payload)`,
    [
      envelopes.map((e) => e.id),
      envelopes.map((e) => e.type),
      envelopes.map((e) => eventSubject(e.type)),
      envelopes.map((e) => JSON.stringify(e)),
    ],
  );
}
