import { createIdempotencyTableV1, dropIdempotencyTableV1 } from '@sms/database';
import { createOutboxTablesV1, dropOutboxTablesV1 } from '@sms/events';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class MessagingInit1764400000000 implements MigrationInterface {
  name = 'MessagingInit1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // A campaign is one POST /sms (or one system SMS): one wallet reservation, one text.
    await q.query(`
      CREATE TABLE messaging.campaigns (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('customer', 'system')),
        account_id uuid,
        parent_account_id uuid,
        sender text NOT NULL,
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 1600),
        segments int NOT NULL CHECK (segments >= 1),
        recipients int NOT NULL CHECK (recipients BETWEEN 1 AND 10000),
        credits int NOT NULL CHECK (credits >= 0),
        scheduled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        settled_at timestamptz,
        CONSTRAINT campaigns_customer_pays CHECK (
          (kind = 'customer' AND account_id IS NOT NULL AND credits = segments * recipients)
          OR (kind = 'system' AND account_id IS NULL AND credits = 0 AND settled_at IS NOT NULL)
        )
      )`);
    // The settlement worker's scan: only the few campaigns not yet settled with the wallet.
    await q.query(`CREATE INDEX campaigns_unsettled_idx ON messaging.campaigns (created_at) WHERE settled_at IS NULL`);
    await q.query(`
      CREATE TABLE messaging.messages (
        id uuid PRIMARY KEY,
        campaign_id uuid NOT NULL REFERENCES messaging.campaigns(id),
        recipient text NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'expired')),
        due_at timestamptz NOT NULL,
        carrier_message_id text,
        error_code text,
        sent_at timestamptz,
        final_at timestamptz,
        refund_state text NOT NULL DEFAULT 'none' CHECK (refund_state IN ('none', 'due', 'done')),
        CONSTRAINT messages_recipient_once UNIQUE (campaign_id, recipient),
        CONSTRAINT messages_refund_only_undelivered CHECK (refund_state = 'none' OR status IN ('failed', 'expired'))
      )`);
    // Partial indexes keep the hot scans small however large the table grows.
    await q.query(`CREATE INDEX messages_due_idx ON messaging.messages (due_at) WHERE status = 'queued'`);
    await q.query(
      `CREATE INDEX messages_campaign_queued_idx ON messaging.messages (campaign_id) WHERE status = 'queued'`,
    );
    await q.query(
      `CREATE INDEX messages_refund_due_idx ON messaging.messages (campaign_id) WHERE refund_state = 'due'`,
    );
    await createOutboxTablesV1(q, 'messaging');
    await createIdempotencyTableV1(q, 'messaging');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropIdempotencyTableV1(q, 'messaging');
    await dropOutboxTablesV1(q, 'messaging');
    await q.query(`DROP TABLE messaging.messages`);
    await q.query(`DROP TABLE messaging.campaigns`);
  }
}
