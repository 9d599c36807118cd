import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity's outbox and inbox (`@sms/events`): a manager's contact change reaches the wallet's
 * copy as an event. The DDL is written out here, not called from the library, so this migration
 * never changes when the library does.
 */
export class IdentityOutbox1764800000000 implements MigrationInterface {
  name = 'IdentityOutbox1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.outbox (
        id uuid PRIMARY KEY,
        type text NOT NULL,
        subject text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_unpublished_idx ON identity.outbox (created_at) WHERE published_at IS NULL`);
    await q.query(`
      CREATE TABLE identity.inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.inbox`);
    await q.query(`DROP TABLE identity.outbox`);
  }
}
