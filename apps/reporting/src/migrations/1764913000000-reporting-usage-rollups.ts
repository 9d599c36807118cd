import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usage rollups for GET /reports/summary: one row per (owner account, sending account, day in
 * Europe/Rome), kept by the projection in the same transaction as the message rows (see
 * projection/usage-rollup.ts). Messages already projected are added up once here (as
 * their own owner's: their parent was not stored before this migration).
 */
export class ReportingUsageRollups1764913000000 implements MigrationInterface {
  name = 'ReportingUsageRollups1764913000000';

  async up(q: QueryRunner): Promise<void> {
    // The owner above a sub-account's message (null for an owner's own): rollups group by it.
    await q.query(`ALTER TABLE reporting.messages ADD COLUMN parent_account_id uuid`);
    await q.query(`
      CREATE TABLE reporting.usage_daily (
        owner_account_id uuid NOT NULL,
        account_id uuid NOT NULL,
        day date NOT NULL,
        messages int NOT NULL DEFAULT 0 CHECK (messages >= 0),
        segments int NOT NULL DEFAULT 0 CHECK (segments >= 0),
        credits_charged int NOT NULL DEFAULT 0 CHECK (credits_charged >= 0),
        credits_refunded int NOT NULL DEFAULT 0 CHECK (credits_refunded >= 0 AND credits_refunded <= credits_charged),
        delivered int NOT NULL DEFAULT 0 CHECK (delivered >= 0),
        failed int NOT NULL DEFAULT 0 CHECK (failed >= 0),
        expired int NOT NULL DEFAULT 0 CHECK (expired >= 0),
        cancelled int NOT NULL DEFAULT 0 CHECK (cancelled >= 0),
        blocked int NOT NULL DEFAULT 0 CHECK (blocked >= 0),
        PRIMARY KEY (owner_account_id, day, account_id)
      )`);
    // A manager's (or one sub-account's) summary: its own rows by day.
    await q.query(`CREATE INDEX usage_daily_account_day_idx ON reporting.usage_daily (account_id, day)`);
    await q.query(`
      INSERT INTO reporting.usage_daily (owner_account_id, account_id, day, messages, segments, credits_charged,
        credits_refunded, delivered, failed, expired)
      SELECT account_id, account_id, (submitted_at AT TIME ZONE 'Europe/Rome')::date, count(*), sum(segments),
        sum(segments), coalesce(sum(segments) FILTER (WHERE status IN ('failed', 'expired')), 0),
        count(*) FILTER (WHERE status = 'delivered'), count(*) FILTER (WHERE status = 'failed'),
        count(*) FILTER (WHERE status = 'expired')
      FROM reporting.messages WHERE submitted_at IS NOT NULL
      GROUP BY 1, 2, 3`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reporting.usage_daily`);
    await q.query(`ALTER TABLE reporting.messages DROP COLUMN parent_account_id`);
  }
}
