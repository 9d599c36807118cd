import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cancelling: a queued message can end `cancelled` (campaign deleted, sub-account
 * deactivated) with its refund owed; a deactivated account is blocked from storing campaigns;
 * the campaign list reads one account newest first.
 */
export class MessagingCancellation1764900000000 implements MigrationInterface {
  name = 'MessagingCancellation1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messaging.messages DROP CONSTRAINT messages_status_check`);
    await q.query(
      `ALTER TABLE messaging.messages ADD CONSTRAINT messages_status_check
         CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'expired', 'cancelled'))`,
    );
    await q.query(`ALTER TABLE messaging.messages DROP CONSTRAINT messages_refund_only_undelivered`);
    await q.query(
      `ALTER TABLE messaging.messages ADD CONSTRAINT messages_refund_only_undelivered
         CHECK (refund_state = 'none' OR status IN ('failed', 'expired', 'cancelled'))`,
    );
    // A cancelled message never reached the carrier.
    await q.query(
      `ALTER TABLE messaging.messages ADD CONSTRAINT messages_cancelled_never_sent
         CHECK (status <> 'cancelled' OR (sent_at IS NULL AND carrier_message_id IS NULL))`,
    );
    // Cancelled messages are refunded together: one wallet refund per (cancellation, campaign).
    await q.query(`ALTER TABLE messaging.messages ADD COLUMN refund_batch uuid`);
    await q.query(
      `ALTER TABLE messaging.messages ADD CONSTRAINT messages_refund_batch_only_cancelled
         CHECK (refund_batch IS NULL OR status = 'cancelled')`,
    );
    await q.query(`ALTER TABLE messaging.campaigns ADD COLUMN cancelled_at timestamptz`);
    await q.query(
      `CREATE INDEX campaigns_account_created_idx ON messaging.campaigns (account_id, created_at, id) WHERE kind = 'customer'`,
    );
    await q.query(
      `CREATE INDEX campaigns_parent_created_idx ON messaging.campaigns (parent_account_id, created_at, id) WHERE kind = 'customer'`,
    );
    // Accounts that may not send (deactivated sub-accounts): checked when a campaign is stored.
    await q.query(`
      CREATE TABLE messaging.blocked_accounts (
        account_id uuid PRIMARY KEY,
        blocked_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE messaging.blocked_accounts`);
    await q.query(`DROP INDEX messaging.campaigns_parent_created_idx`);
    await q.query(`DROP INDEX messaging.campaigns_account_created_idx`);
    await q.query(`ALTER TABLE messaging.campaigns DROP COLUMN cancelled_at`);
    await q.query(`ALTER TABLE messaging.messages DROP COLUMN refund_batch`);
    await q.query(`ALTER TABLE messaging.messages DROP CONSTRAINT messages_cancelled_never_sent`);
    await q.query(`ALTER TABLE messaging.messages DROP CONSTRAINT messages_refund_only_undelivered`);
    await q.query(
      `ALTER TABLE messaging.messages ADD CONSTRAINT messages_refund_only_undelivered
         CHECK (refund_state = 'none' OR status IN ('failed', 'expired'))`,
    );
    await q.query(`ALTER TABLE messaging.messages DROP CONSTRAINT messages_status_check`);
    await q.query(
      `ALTER TABLE messaging.messages ADD CONSTRAINT messages_status_check
         CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'expired'))`,
    );
  }
}
