import { MigrationInterface, QueryRunner } from 'typeorm';

/** Webhooks and their delivery queue. Frozen once committed: a change is a new migration. */
export class Webhooks1765200000000 implements MigrationInterface {
  name = 'Webhooks1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications.webhooks (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL,
        url text NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
        events text[] NOT NULL CHECK (cardinality(events) > 0),
        -- AES-256-GCM under WEBHOOK_SECRET_KEY (it must stay usable for signing, so not a hash).
        secret_sealed text NOT NULL,
        secret_prefix text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        -- Set when a delivery was given up on; the owner is mailed once per failing spell.
        failing_since timestamptz,
        failure_mailed_at timestamptz,
        failure_mail_lease timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhooks_account_idx ON notifications.webhooks (account_id, created_at, id)`);
    await q.query(`
      CREATE TABLE notifications.webhook_deliveries (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        webhook_id uuid NOT NULL REFERENCES notifications.webhooks (id) ON DELETE CASCADE,
        -- The Sms-Event-Id header: the same for every attempt and every redelivery of the event.
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        -- Deliveries of one webhook with the same key go one at a time, in seq order (a message's statuses).
        order_key text,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        give_up_at timestamptz NOT NULL,
        last_attempt_at timestamptz,
        response_status integer,
        latency_ms integer,
        last_error text,
        redelivery_of uuid REFERENCES notifications.webhook_deliveries (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        delivered_at timestamptz,
        CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
      )`);
    // One delivery per event per webhook, whatever the consumers redeliver (redeliveries are extra rows).
    await q.query(
      `CREATE UNIQUE INDEX webhook_deliveries_event_uq ON notifications.webhook_deliveries (webhook_id, event_id)
       WHERE redelivery_of IS NULL`,
    );
    await q.query(
      `CREATE INDEX webhook_deliveries_due_idx ON notifications.webhook_deliveries (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX webhook_deliveries_order_idx ON notifications.webhook_deliveries (webhook_id, order_key, seq)
       WHERE status = 'pending' AND order_key IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX webhook_deliveries_list_idx ON notifications.webhook_deliveries (webhook_id, seq DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications.webhook_deliveries`);
    await q.query(`DROP TABLE notifications.webhooks`);
  }
}
