import { Inject, Injectable } from '@nestjs/common';
import { WebhookDeliveryStatus, WebhookEventType } from '@sms/contracts';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

/** Channel on which new due deliveries are announced (NOTIFY is delivered at commit). */
export const WEBHOOK_DELIVERIES_DUE_CHANNEL = 'notifications_webhook_deliveries_due';

export interface DeliveryRow {
  id: string;
  seq: string;
  webhookId: string;
  eventId: string;
  eventType: WebhookEventType;
  body: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  giveUpAt: Date;
  lastAttemptAt: Date | null;
  responseStatus: number | null;
  latencyMs: number | null;
  lastError: string | null;
  redeliveryOf: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

const columns = (t: string): string => `${t}.id, ${t}.seq::text AS seq, ${t}.webhook_id AS "webhookId",
  ${t}.event_id AS "eventId", ${t}.event_type AS "eventType", ${t}.body, ${t}.status, ${t}.attempts,
  ${t}.next_attempt_at AS "nextAttemptAt", ${t}.give_up_at AS "giveUpAt", ${t}.last_attempt_at AS "lastAttemptAt",
  ${t}.response_status AS "responseStatus", ${t}.latency_ms AS "latencyMs", ${t}.last_error AS "lastError",
  ${t}.redelivery_of AS "redeliveryOf", ${t}.created_at AS "createdAt", ${t}.delivered_at AS "deliveredAt"`;

/** A claimed delivery with what sending it needs from its webhook (read in the same statement). */
export interface ClaimedDelivery extends DeliveryRow {
  url: string;
  secretSealed: string;
  webhookActive: boolean;
  webhookFailing: boolean;
}

/** What one attempt came to and what comes next, as recorded. */
export interface AttemptResult {
  id: string;
  /** The attempt number the claim gave it (ClaimedDelivery.attempts). */
  attempts: number;
  attempt: { status: number | null; latencyMs: number; error: string | null };
  next: { kind: 'delivered' } | { kind: 'retry'; delayMs: number } | { kind: 'give-up' };
}

export interface NewDelivery {
  webhookId: string;
  eventId: string;
  eventType: WebhookEventType;
  orderKey: string | null;
  body: string;
}

/**
 * notifications.webhook_deliveries: the durable delivery queue (a row per event per webhook,
 * written in the consuming transaction with the inbox row) and, read back, the delivery log.
 */
@Injectable()
export class WebhookDeliveryRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** In an event consumer's transaction; a repeat of the same event for a webhook is a no-op. */
  async enqueue(em: EntityManager, deliveries: NewDelivery[], windowMs: number): Promise<void> {
    if (deliveries.length === 0) return;
    await em.query(
      `INSERT INTO notifications.webhook_deliveries (id, webhook_id, event_id, event_type, order_key, body, give_up_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[],
                            array_fill(clock_timestamp() + make_interval(secs => $7::float8 / 1000), ARRAY[$8::int]))
       ON CONFLICT (webhook_id, event_id) WHERE redelivery_of IS NULL DO NOTHING`,
      [
        deliveries.map(() => randomUUID()),
        deliveries.map((d) => d.webhookId),
        deliveries.map((d) => d.eventId),
        deliveries.map((d) => d.eventType),
        deliveries.map((d) => d.orderKey),
        deliveries.map((d) => d.body),
        windowMs,
        deliveries.length,
      ],
    );
    await em.query(`SELECT pg_notify($1, '')`, [WEBHOOK_DELIVERIES_DUE_CHANNEL]);
  }

  /**
   * Takes up to `limit` due deliveries: counts the attempt and pushes next_attempt_at out by the
   * lease (a crash only delays a delivery; replicas share the queue with SKIP LOCKED). A delivery
   * waits while an earlier one of the same webhook and order key is still pending, so the
   * deliveries of one message reach a receiver in order, retries included.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const rows: [ClaimedDelivery[], number] = await this.ds.query(
      `UPDATE notifications.webhook_deliveries d
       SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => $2::float8 / 1000)
       FROM (SELECT q.id FROM notifications.webhook_deliveries q
             WHERE q.status = 'pending' AND q.next_attempt_at <= now()
               AND (q.order_key IS NULL OR NOT EXISTS (
                 SELECT 1 FROM notifications.webhook_deliveries e
                 WHERE e.webhook_id = q.webhook_id AND e.order_key = q.order_key
                   AND e.status = 'pending' AND e.seq < q.seq))
             ORDER BY q.next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) due,
            notifications.webhooks w
       WHERE d.id = due.id AND w.id = d.webhook_id
       RETURNING ${columns('d')}, w.url, w.secret_sealed AS "secretSealed", w.active AS "webhookActive",
                 (w.failing_since IS NOT NULL) AS "webhookFailing"`,
      [limit, leaseMs],
    );
    return rows[0];
  }

  /**
   * The results of many attempts in one statement (the dispatcher's group commit). A row no longer
   * pending (recorded already) is left as it is. A failed attempt whose lease ran out and whose row
   * was claimed again meanwhile (by this replica or another: `attempts` moved on) is not recorded:
   * the newer claim owns the row, and its lease must not be cut short by an older retry time. A
   * success is always recorded while the row is pending: the receiver has the event.
   */
  async recordAttempts(results: AttemptResult[]): Promise<void> {
    if (results.length === 0) return;
    await this.ds.query(
      `UPDATE notifications.webhook_deliveries d SET
         last_attempt_at = now(), response_status = r.status, latency_ms = r.latency, last_error = r.error,
         status = CASE r.kind WHEN 'delivered' THEN 'delivered' WHEN 'give-up' THEN 'failed' ELSE 'pending' END,
         delivered_at = CASE WHEN r.kind = 'delivered' THEN now() END,
         next_attempt_at = CASE WHEN r.kind = 'retry' THEN now() + make_interval(secs => r.delay / 1000)
                                ELSE d.next_attempt_at END
       FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[], $5::text[], $6::float8[], $7::int[])
            AS r(id, status, latency, error, kind, delay, attempts)
       WHERE d.id = r.id AND d.status = 'pending' AND (r.kind = 'delivered' OR d.attempts = r.attempts)`,
      [
        results.map((r) => r.id),
        results.map((r) => r.attempt.status),
        results.map((r) => r.attempt.latencyMs),
        results.map((r) => r.attempt.error?.slice(0, 500) ?? null),
        results.map((r) => r.next.kind),
        results.map((r) => (r.next.kind === 'retry' ? r.next.delayMs : 0)),
        results.map((r) => r.attempts),
      ],
    );
  }

  /** Newest first; `beforeSeq` is the keyset cursor (the last seq of the previous page). */
  async list(webhookId: string, limit: number, beforeSeq: string | null): Promise<DeliveryRow[]> {
    return this.ds.query(
      `SELECT ${columns('d')} FROM notifications.webhook_deliveries d
       WHERE d.webhook_id = $1 AND ($3::bigint IS NULL OR d.seq < $3::bigint)
       ORDER BY d.seq DESC LIMIT $2`,
      [webhookId, limit, beforeSeq],
    );
  }

  async find(webhookId: string, id: string): Promise<DeliveryRow | null> {
    const rows: DeliveryRow[] = await this.ds.query(
      `SELECT ${columns('d')} FROM notifications.webhook_deliveries d WHERE d.webhook_id = $1 AND d.id = $2`,
      [webhookId, id],
    );
    return rows[0] ?? null;
  }

  /** A new delivery of the same event (same event id and body, signed afresh when sent). */
  async redeliver(original: DeliveryRow, windowMs: number): Promise<DeliveryRow> {
    const rows: DeliveryRow[] = await this.ds.query(
      `WITH r AS (
         INSERT INTO notifications.webhook_deliveries
           (id, webhook_id, event_id, event_type, order_key, body, give_up_at, redelivery_of)
         SELECT $1, webhook_id, event_id, event_type, order_key, body,
                now() + make_interval(secs => $3::float8 / 1000), id
         FROM notifications.webhook_deliveries WHERE id = $2
         RETURNING *)
       SELECT ${columns('r')} FROM r`,
      [randomUUID(), original.id, windowMs],
    );
    await this.ds.query(`SELECT pg_notify($1, '')`, [WEBHOOK_DELIVERIES_DUE_CHANNEL]);
    return rows[0];
  }

  /** Subscribes a dedicated connection to WEBHOOK_DELIVERIES_DUE_CHANNEL. */
  async listenDue(client: Client): Promise<void> {
    await client.query(`LISTEN ${WEBHOOK_DELIVERIES_DUE_CHANNEL}`);
  }
}
