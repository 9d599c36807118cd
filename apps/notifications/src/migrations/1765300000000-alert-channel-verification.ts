import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An alert channel is used only once its address or number was verified by a code sent to it
 * (finding 18.5): `*_verified` on the setting (reset when the recipient changes) and one row per
 * code sent, which also counts the sends for the per-account and per-destination limits.
 */
export class AlertChannelVerification1765300000000 implements MigrationInterface {
  name = 'AlertChannelVerification1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications.balance_alerts
      ADD COLUMN email_verified boolean NOT NULL DEFAULT false,
      ADD COLUMN sms_verified boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE notifications.channel_codes (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        recipient text NOT NULL,
        code_hash text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX channel_codes_account_idx ON notifications.channel_codes (account_id, channel, created_at DESC)`,
    );
    await q.query(
      `CREATE INDEX channel_codes_recipient_idx ON notifications.channel_codes (recipient, created_at DESC)`,
    );
    // The daily cap counts an account's alerts of the day.
    await q.query(`CREATE INDEX alerts_account_created_idx ON notifications.alerts (account_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications.alerts_account_created_idx`);
    await q.query(`DROP TABLE notifications.channel_codes`);
    await q.query(`ALTER TABLE notifications.balance_alerts DROP COLUMN email_verified, DROP COLUMN sms_verified`);
  }
}
