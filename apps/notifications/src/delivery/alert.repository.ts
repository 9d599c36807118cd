import { Inject, Injectable } from '@nestjs/common';
import { NotificationChannel, NotificationStatus } from '@sms/contracts';
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

/** Channel on which new due alerts are announced (NOTIFY is delivered at commit). */
export const ALERTS_DUE_CHANNEL = 'notifications_alerts_due';

export interface AlertRecord {
  id: string;
  seq: string;
  accountId: string;
  channel: NotificationChannel;
  recipient: string;
  threshold: number;
  balance: number;
  status: NotificationStatus;
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
}

export interface NewCrossing {
  accountId: string;
  eventId: string;
  threshold: number;
  balance: number;
  recipients: { channel: NotificationChannel; recipient: string }[];
}

const columns = (t: string): string => `${t}.id, ${t}.seq::text AS seq, ${t}.account_id AS "accountId", ${t}.channel,
  ${t}.recipient, ${t}.threshold, ${t}.balance::float8 AS balance, ${t}.status, ${t}.attempts,
  ${t}.created_at AS "createdAt", ${t}.sent_at AS "sentAt"`;

/** notifications.alerts: the delivery queue and, read back, the customer's notification log. */
@Injectable()
export class AlertRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Alert rows of the account raised since the start of the UTC day (the daily cap). */
  async countToday(em: EntityManager, accountId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await em.query(
      `SELECT count(*)::int AS n FROM notifications.alerts
       WHERE account_id = $1 AND created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
      [accountId],
    );
    return n;
  }

  /** In the detector's transaction: one pending row per channel, announced at commit. */
  async insertForCrossing(em: EntityManager, c: NewCrossing): Promise<void> {
    for (const r of c.recipients) {
      await em.query(
        // clock_timestamp(), not now(): the time the alert was raised, not when the transaction began.
        `INSERT INTO notifications.alerts (id, account_id, event_id, channel, recipient, threshold, balance, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, clock_timestamp()) ON CONFLICT (event_id, channel) DO NOTHING`,
        [randomUUID(), c.accountId, c.eventId, r.channel, r.recipient, c.threshold, c.balance],
      );
    }
    if (c.recipients.length > 0) await em.query(`SELECT pg_notify($1, '')`, [ALERTS_DUE_CHANNEL]);
  }

  /**
   * Takes up to `limit` due alerts for this replica: counts the attempt and pushes
   * next_attempt_at out by the lease, so another replica (or this one after a crash)
   * only retries it once the lease has run out. SKIP LOCKED keeps replicas apart.
   */
  async claimDue(limit: number, leaseMs: number): Promise<AlertRecord[]> {
    return this.ds
      .query(
        `UPDATE notifications.alerts a
       SET attempts = a.attempts + 1, next_attempt_at = now() + make_interval(secs => $2::float8 / 1000)
       FROM (SELECT id FROM notifications.alerts
             WHERE status = 'pending' AND next_attempt_at <= now()
             ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) due
       WHERE a.id = due.id
       RETURNING ${columns('a')}`,
        [limit, leaseMs],
      )
      .then((r: [AlertRecord[], number]) => r[0]);
  }

  async markSent(id: string): Promise<void> {
    await this.ds.query(
      `UPDATE notifications.alerts SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = $1 AND status = 'pending'`,
      [id],
    );
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.ds.query(
      `UPDATE notifications.alerts SET status = 'failed', last_error = $2 WHERE id = $1 AND status = 'pending'`,
      [id, error.slice(0, 1000)],
    );
  }

  async retryLater(id: string, delayMs: number, error: string): Promise<void> {
    await this.ds.query(
      `UPDATE notifications.alerts SET next_attempt_at = now() + make_interval(secs => $2::float8 / 1000), last_error = $3
       WHERE id = $1 AND status = 'pending'`,
      [id, delayMs, error.slice(0, 1000)],
    );
  }

  /** Newest first; `beforeSeq` is the keyset cursor (the last seq of the previous page). */
  async listForAccount(accountId: string, limit: number, beforeSeq: string | null): Promise<AlertRecord[]> {
    return this.ds.query(
      `SELECT ${columns('a')} FROM notifications.alerts a
       WHERE account_id = $1 AND ($3::bigint IS NULL OR seq < $3::bigint)
       ORDER BY seq DESC LIMIT $2`,
      [accountId, limit, beforeSeq],
    );
  }

  /** Subscribes a dedicated connection to ALERTS_DUE_CHANNEL. */
  async listenDue(client: Client): Promise<void> {
    await client.query(`LISTEN ${ALERTS_DUE_CHANNEL}`);
  }

  /** Serialises the daily-cap check of one account until the transaction ends. */
  async lockDailyCap(em: EntityManager, accountId: string): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`alert-cap:${accountId}`]);
  }
}
