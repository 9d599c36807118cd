import { createOutboxTablesV1, dropOutboxTablesV1 } from '@sms/events';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationsInit1764600000000 implements MigrationInterface {
  name = 'NotificationsInit1764600000000';

  async up(q: QueryRunner): Promise<void> {
    // Inbox of the balance-changed consumer (the outbox comes with it and stays unused for now).
    await createOutboxTablesV1(q, 'notifications');
    // One row per account that configured an alert: the setting and the detector's state.
    await q.query(`
      CREATE TABLE notifications.balance_alerts (
        account_id uuid PRIMARY KEY,
        threshold integer NOT NULL CHECK (threshold >= 0),
        sms_phone text,
        sms_active boolean NOT NULL DEFAULT false,
        email_address text,
        email_active boolean NOT NULL DEFAULT false,
        -- armed: the balance was last seen above the threshold, so the next fall to it alerts.
        armed boolean NOT NULL,
        -- newest balance known and when the wallet had it (event occurredAt / time of the wallet read).
        balance bigint NOT NULL,
        balance_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (NOT sms_active OR sms_phone IS NOT NULL),
        CHECK (NOT email_active OR email_address IS NOT NULL)
      )`);
    // One row per channel per crossing; the dispatcher delivers the pending ones.
    await q.query(`
      CREATE TABLE notifications.alerts (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        account_id uuid NOT NULL,
        event_id uuid NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        recipient text NOT NULL,
        threshold integer NOT NULL,
        balance bigint NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
        -- A crossing (the event that fired it) alerts each channel at most once, whatever happens upstream.
        UNIQUE (event_id, channel)
      )`);
    await q.query(`CREATE INDEX alerts_due_idx ON notifications.alerts (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX alerts_account_seq_idx ON notifications.alerts (account_id, seq DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications.alerts`);
    await q.query(`DROP TABLE notifications.balance_alerts`);
    await dropOutboxTablesV1(q, 'notifications');
  }
}
