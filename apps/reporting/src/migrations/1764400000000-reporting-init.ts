import { createOutboxTablesV1, dropOutboxTablesV1 } from '@sms/events';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportingInit1764400000000 implements MigrationInterface {
  name = 'ReportingInit1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // History read model, fed by messaging's events. A status change may arrive before the
    // submit event: the row then exists with only its status, and submitted_at stays null
    // (invisible to queries) until the submit event fills it in.
    await q.query(`
      CREATE TABLE reporting.messages (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL,
        campaign_id uuid NOT NULL,
        campaign_size int,
        recipient text,
        sender text,
        text text,
        segments int,
        status text NOT NULL CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'expired')),
        status_rank smallint NOT NULL CHECK (status_rank BETWEEN 0 AND 2),
        status_at timestamptz,
        submitted_at timestamptz,
        delivered_at timestamptz,
        error_code text
      )`);
    // Every history query is "one account, newest first, keyset on (submitted_at, id)":
    // an index scan that starts at the cursor (or the period's end) and stops after a page,
    // whatever the table's size. Date bounds are ranges on the same index.
    await q.query(
      `CREATE INDEX messages_account_submitted_idx ON reporting.messages (account_id, submitted_at, id) WHERE submitted_at IS NOT NULL`,
    );
    // The recipient filter: same order, narrowed to one number first.
    await q.query(
      `CREATE INDEX messages_account_recipient_idx ON reporting.messages (account_id, recipient, submitted_at, id) WHERE submitted_at IS NOT NULL`,
    );
    // Consumer inbox (exactly-once effect per event); the outbox is unused but part of the kit.
    await createOutboxTablesV1(q, 'reporting');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropOutboxTablesV1(q, 'reporting');
    await q.query(`DROP TABLE reporting.messages`);
  }
}
