import { Injectable } from '@nestjs/common';
import type { Queryable } from '@sms/database';
import type { MessageState } from './usage-rollup';

/** The counters of a rollup row, in column order. */
export const COUNTERS = [
  'messages',
  'segments',
  'credits_charged',
  'credits_refunded',
  'delivered',
  'failed',
  'expired',
  'cancelled',
  'blocked',
] as const;

/**
 * A message row as the rollups read it, `$TZ` for the time zone's parameter: messageStates selects
 * it, and the projection's upserts return it (message.repository), so no second read is needed.
 */
export const STATE_COLUMNS = `id, account_id AS "accountId", parent_account_id AS "parentAccountId",
       to_char(submitted_at AT TIME ZONE $TZ, 'YYYY-MM-DD') AS day, segments, status`;

/** The SQL of usage-rollup.ts. */
@Injectable()
export class UsageRollupRepository {
  lockMessages(db: Queryable, ids: string[]): Promise<void> {
    return db.query(
      `SELECT pg_advisory_xact_lock(hashtextextended(id::text, 13)) FROM unnest($1::uuid[]) AS id ORDER BY id`,
      [ids],
    );
  }

  messageStates(db: Queryable, ids: string[], timeZone: string): Promise<MessageState[]> {
    return db.query(`SELECT ${STATE_COLUMNS.replace('$TZ', '$2')} FROM reporting.messages WHERE id = ANY($1::uuid[])`, [
      ids,
      timeZone,
    ]);
  }

  /**
   * Adds deltas to a rollup table. `params`: owners, accounts, periods, then one array per
   * counter in COUNTERS order.
   */
  async addRollups(em: Queryable, table: string, period: string, params: unknown[][]): Promise<void> {
    await em.query(
      `INSERT INTO reporting.${table} (owner_account_id, account_id, ${period})
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::date[]) ON CONFLICT DO NOTHING`,
      params.slice(0, 3),
    );
    await em.query(
      `UPDATE reporting.${table} AS u SET ${COUNTERS.map((k) => `${k} = u.${k} + d.${k}`).join(', ')}
         FROM unnest($1::uuid[], $2::uuid[], $3::date[], ${COUNTERS.map((_, i) => `$${i + 4}::int[]`).join(', ')})
           AS d(owner_account_id, account_id, period, ${COUNTERS.join(', ')})
        WHERE u.owner_account_id = d.owner_account_id AND u.account_id = d.account_id AND u.${period} = d.period`,
      params,
    );
  }
}
