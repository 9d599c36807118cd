import { currentSpanContext, SpanKind, startSpan } from '@sms/tracing';
import { EntityManager } from 'typeorm';
import { EventEnvelope, eventSubject } from './event-envelope';
import { quoteSchema } from './schema-name';

/** The columns of one outbox row, for statements that insert it themselves (a CTE beside the state change). */
export interface OutboxRow {
  id: string;
  type: string;
  /** The subject the relay publishes it on (the transport prefix applied). */
  subject: string;
  /** The envelope as JSON text. */
  payload: string;
  /** W3C traceparent of the event's producer span; null outside any trace. The relay sends it as a header. */
  traceparent: string | null;
}

/**
 * The row of an event. Inside a trace (a request, a handler, a consumer) the event gets a producer
 * span, a child of the current one, whose traceparent the row keeps: the consumers' spans hang
 * under it, however late the relay publishes. Background work outside any trace writes null.
 */
export function outboxRow(envelope: EventEnvelope, natsPrefix: string): OutboxRow {
  const subject = eventSubject(envelope.type, natsPrefix);
  let traceparent: string | null = null;
  if (currentSpanContext()) {
    const span = startSpan(`${envelope.type} publish`, SpanKind.PRODUCER, {
      attributes: {
        'messaging.system': 'nats',
        'messaging.destination.name': subject,
        'messaging.message.id': envelope.id,
      },
    });
    traceparent = span.traceparent;
    span.end();
  }
  return { id: envelope.id, type: envelope.type, subject, payload: JSON.stringify(envelope), traceparent };
}

/**
 * Records an event in the caller's transaction: it becomes visible to the relay exactly
 * when the state change it describes commits, and vanishes with it on rollback.
 * `em` must be the transactional EntityManager (e.g. from `dataSource.transaction`).
 */
export async function appendToOutbox(
  em: EntityManager,
  schema: string,
  envelope: EventEnvelope,
  natsPrefix: string,
): Promise<void> {
  const row = outboxRow(envelope, natsPrefix);
  await em.query(
    `INSERT INTO ${quoteSchema(schema)}.outbox (id, type, subject, payload, traceparent) VALUES ($1, $2, $3, $4, $5)`,
    [row.id, row.type, row.subject, row.payload, row.traceparent],
  );
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
  natsPrefix: string,
): Promise<void> {
  if (envelopes.length === 0) return;
  const rows = envelopes.map((e) => outboxRow(e, natsPrefix));
  await q.query(
    `INSERT INTO ${quoteSchema(schema)}.outbox (id, type, subject, payload, traceparent)
     SELECT id, type, subject, payload::jsonb, traceparent
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])
            WITH ORDINALITY AS t(id, type, subject, payload, traceparent, n)
      ORDER BY n`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.type),
      rows.map((r) => r.subject),
      rows.map((r) => r.payload),
      rows.map((r) => r.traceparent),
    ],
  );
}

/**
 * The head of an outbox insert, `INSERT INTO "<schema>".outbox (id, type, subject, payload, traceparent)`,
 * for a statement that writes its events as an `INSERT … SELECT` inside a larger statement (a CTE of a
 * single auto-committed statement, whose payloads PostgreSQL completes from `RETURNING` values).
 * The SELECT must yield the columns of `outboxRow(envelope, natsPrefix)` (publisher.outboxRow), in that order.
 */
export function outboxInsertHead(schema: string): string {
  return `INSERT INTO ${quoteSchema(schema)}.outbox (id, type, subject, payload, traceparent)`;
}

/** Deletes published rows older than `olderThanDays`; unpublished rows are never touched. */
export async function purgePublishedOutbox(em: EntityManager, schema: string, olderThanDays: number): Promise<number> {
  const [, affected] = (await em.query(
    `DELETE FROM ${quoteSchema(schema)}.outbox WHERE published_at IS NOT NULL AND published_at < now() - make_interval(days => $1)`,
    [olderThanDays],
  )) as [unknown, number];
  return affected ?? 0;
}
