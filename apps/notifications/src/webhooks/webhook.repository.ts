import { Inject, Injectable } from '@nestjs/common';
import { WebhookEventType } from '@sms/contracts';
import { DataSource, EntityManager } from 'typeorm';

export interface WebhookRow {
  id: string;
  accountId: string;
  url: string;
  events: WebhookEventType[];
  secretSealed: string;
  secretPrefix: string;
  active: boolean;
  failingSince: Date | null;
  failureMailedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const columns = (t = 'webhooks'): string => `${t}.id, ${t}.account_id AS "accountId", ${t}.url, ${t}.events,
  ${t}.secret_sealed AS "secretSealed", ${t}.secret_prefix AS "secretPrefix", ${t}.active,
  ${t}.failing_since AS "failingSince", ${t}.failure_mailed_at AS "failureMailedAt",
  ${t}.created_at AS "createdAt", ${t}.updated_at AS "updatedAt"`;
const COLUMNS = columns();

/** notifications.webhooks. Every query of a customer's webhook takes its account id. */
@Injectable()
export class WebhookRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async insert(
    accountId: string,
    w: { id: string; url: string; events: WebhookEventType[]; secretSealed: string; secretPrefix: string },
  ): Promise<WebhookRow> {
    const rows: WebhookRow[] = await this.ds.query(
      `INSERT INTO notifications.webhooks (id, account_id, url, events, secret_sealed, secret_prefix)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [w.id, accountId, w.url, w.events, w.secretSealed, w.secretPrefix],
    );
    return rows[0];
  }

  async countFor(accountId: string): Promise<number> {
    const [{ n }] = (await this.ds.query(
      `SELECT count(*)::int AS n FROM notifications.webhooks WHERE account_id = $1`,
      [accountId],
    )) as { n: number }[];
    return n;
  }

  async find(accountId: string, id: string): Promise<WebhookRow | null> {
    const rows: WebhookRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM notifications.webhooks WHERE account_id = $1 AND id = $2`,
      [accountId, id],
    );
    return rows[0] ?? null;
  }

  /** Oldest first; `after` is the last id of the previous page (ids of one account in created order). */
  async list(accountId: string, limit: number, after: { createdAt: Date; id: string } | null): Promise<WebhookRow[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM notifications.webhooks
       WHERE account_id = $1 AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $4::uuid))
       ORDER BY created_at, id LIMIT $2`,
      [accountId, limit, after?.createdAt ?? null, after?.id ?? null],
    );
  }

  async update(
    accountId: string,
    id: string,
    patch: { url?: string; events?: WebhookEventType[]; active?: boolean },
  ): Promise<WebhookRow | null> {
    const rows: [WebhookRow[], number] = await this.ds.query(
      `UPDATE notifications.webhooks SET
         url = COALESCE($3, url),
         events = COALESCE($4, events),
         active = COALESCE($5, active),
         -- Switching it on (again) is the customer saying the endpoint is fixed.
         failing_since = CASE WHEN $5 IS TRUE THEN NULL ELSE failing_since END,
         failure_mailed_at = CASE WHEN $5 IS TRUE THEN NULL ELSE failure_mailed_at END,
         updated_at = now()
       WHERE account_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [accountId, id, patch.url ?? null, patch.events ?? null, patch.active ?? null],
    );
    return rows[0][0] ?? null;
  }

  async rotateSecret(
    accountId: string,
    id: string,
    secretSealed: string,
    secretPrefix: string,
  ): Promise<WebhookRow | null> {
    const rows: [WebhookRow[], number] = await this.ds.query(
      `UPDATE notifications.webhooks SET secret_sealed = $3, secret_prefix = $4, updated_at = now()
       WHERE account_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [accountId, id, secretSealed, secretPrefix],
    );
    return rows[0][0] ?? null;
  }

  /** Deletes it and (cascade) its deliveries, pending ones included. */
  async delete(accountId: string, id: string): Promise<boolean> {
    const rows: [unknown[], number] = await this.ds.query(
      `DELETE FROM notifications.webhooks WHERE account_id = $1 AND id = $2 RETURNING id`,
      [accountId, id],
    );
    return rows[1] > 0;
  }

  /** In an event consumer's transaction: the active webhooks of these accounts subscribed to `type`. */
  /** Active webhooks of these accounts subscribed to any of these types (one lookup for a batch of events). */
  async subscribersOf(
    em: EntityManager,
    accountIds: string[],
    types: WebhookEventType[],
  ): Promise<{ id: string; accountId: string; events: string[] }[]> {
    return em.query(
      `SELECT id, account_id AS "accountId", events FROM notifications.webhooks
       WHERE account_id = ANY($1::uuid[]) AND active AND events && $2::text[]
       ORDER BY created_at, id`,
      [accountIds, types],
    );
  }

  /** A delivery was given up on: the endpoint is failing (its owner is mailed once, see claimFailureMails). */
  async markFailing(id: string): Promise<void> {
    await this.ds.query(
      `UPDATE notifications.webhooks SET failing_since = COALESCE(failing_since, now()) WHERE id = $1`,
      [id],
    );
  }

  /**
   * Failing endpoints whose owner has not been mailed yet, leased to this replica for `leaseMs` so
   * the mail goes out once even with replicas, and again after a crash before it was marked.
   */
  async claimFailureMails(limit: number, leaseMs: number): Promise<WebhookRow[]> {
    const rows: [WebhookRow[], number] = await this.ds.query(
      `UPDATE notifications.webhooks w SET failure_mail_lease = now() + make_interval(secs => $2::float8 / 1000)
       FROM (SELECT id FROM notifications.webhooks
             WHERE failing_since IS NOT NULL AND failure_mailed_at IS NULL
               AND (failure_mail_lease IS NULL OR failure_mail_lease < now())
             LIMIT $1 FOR UPDATE SKIP LOCKED) due
       WHERE w.id = due.id RETURNING ${columns('w')}`,
      [limit, leaseMs],
    );
    return rows[0];
  }

  async markFailureMailed(id: string): Promise<void> {
    await this.ds.query(
      `UPDATE notifications.webhooks SET failure_mailed_at = now() WHERE id = $1 AND failing_since IS NOT NULL`,
      [id],
    );
  }

  /** A 2xx after a failing spell: healthy again (a later failure mails again). */
  async clearFailing(id: string): Promise<void> {
    await this.ds.query(
      `UPDATE notifications.webhooks SET failing_since = NULL, failure_mailed_at = NULL
       WHERE id = $1 AND failing_since IS NOT NULL`,
      [id],
    );
  }
}
