import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Replies and opt-outs: `inbound_messages` (mobile-originated SMS, routed or not), `opt_outs`
 * (per account), the `blocked` status (a recipient on the list: never submitted, never
 * charged), and the index that finds who last sent to a handset.
 */
export class MessagingInbound1765100000000 implements MigrationInterface {
  name = 'MessagingInbound1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messaging.messages DROP CONSTRAINT messages_status_check`);
    await q.query(
      `ALTER TABLE messaging.messages ADD CONSTRAINT messages_status_check
         CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'expired', 'cancelled', 'blocked'))`,
    );
    // Blocked at dispatch (opted out after it was queued): its reserved credits go back.
    await q.query(`ALTER TABLE messaging.messages DROP CONSTRAINT messages_refund_only_undelivered`);
    await q.query(
      `ALTER TABLE messaging.messages ADD CONSTRAINT messages_refund_only_undelivered
         CHECK (refund_state = 'none' OR status IN ('failed', 'expired', 'cancelled', 'blocked'))`,
    );
    await q.query(
      `ALTER TABLE messaging.messages ADD CONSTRAINT messages_blocked_never_sent
         CHECK (status <> 'blocked' OR (sent_at IS NULL AND carrier_message_id IS NULL))`,
    );
    // Recipients blocked when the campaign was stored are not charged: credits cover the others.
    await q.query(`ALTER TABLE messaging.campaigns ADD COLUMN blocked int NOT NULL DEFAULT 0 CHECK (blocked >= 0)`);
    await q.query(`ALTER TABLE messaging.campaigns DROP CONSTRAINT campaigns_customer_pays`);
    await q.query(
      `ALTER TABLE messaging.campaigns ADD CONSTRAINT campaigns_customer_pays CHECK (
         (kind = 'customer' AND account_id IS NOT NULL AND blocked <= recipients AND credits = segments * (recipients - blocked))
         OR (kind = 'system' AND account_id IS NULL AND credits = 0 AND blocked = 0 AND settled_at IS NOT NULL))`,
    );
    // Reply routing: the newest message handed to the carrier for this handset.
    await q.query(
      `CREATE INDEX messages_recipient_sent_idx ON messaging.messages (recipient, sent_at DESC) WHERE sent_at IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE messaging.inbound_messages (
        id uuid PRIMARY KEY,
        account_id uuid,
        parent_account_id uuid,
        from_number text NOT NULL,
        to_number text NOT NULL,
        text text NOT NULL,
        received_at timestamptz NOT NULL,
        replied_message_id uuid,
        stop boolean NOT NULL DEFAULT false,
        CONSTRAINT inbound_parent_only_routed CHECK (account_id IS NOT NULL OR parent_account_id IS NULL)
      )`);
    await q.query(
      `CREATE INDEX inbound_account_received_idx ON messaging.inbound_messages (account_id, received_at DESC, id DESC)`,
    );
    await q.query(`
      CREATE TABLE messaging.opt_outs (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL,
        phone text NOT NULL,
        source text NOT NULL CHECK (source IN ('stop', 'manual')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT opt_outs_once UNIQUE (account_id, phone)
      )`);
    await q.query(
      `CREATE INDEX opt_outs_account_created_idx ON messaging.opt_outs (account_id, created_at DESC, id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE messaging.opt_outs`);
    await q.query(`DROP TABLE messaging.inbound_messages`);
    await q.query(`DROP INDEX messaging.messages_recipient_sent_idx`);
    await q.query(`ALTER TABLE messaging.campaigns DROP CONSTRAINT campaigns_customer_pays`);
    await q.query(
      `ALTER TABLE messaging.campaigns ADD CONSTRAINT campaigns_customer_pays CHECK (
         (kind = 'customer' AND account_id IS NOT NULL AND credits = segments * recipients)
         OR (kind = 'system' AND account_id IS NULL AND credits = 0 AND settled_at IS NOT NULL))`,
    );
    await q.query(`ALTER TABLE messaging.campaigns DROP COLUMN blocked`);
    await q.query(`ALTER TABLE messaging.messages DROP CONSTRAINT messages_blocked_never_sent`);
    await q.query(`ALTER TABLE messaging.messages DROP CONSTRAINT messages_refund_only_undelivered`);
    await q.query(
      `ALTER TABLE messaging.messages ADD CONSTRAINT messages_refund_only_undelivered
         CHECK (refund_state = 'none' OR status IN ('failed', 'expired', 'cancelled'))`,
    );
    await q.query(`ALTER TABLE messaging.messages DROP CONSTRAINT messages_status_check`);
    await q.query(
      `ALTER TABLE messaging.messages ADD CONSTRAINT messages_status_check
         CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'expired', 'cancelled'))`,
    );
  }
}
