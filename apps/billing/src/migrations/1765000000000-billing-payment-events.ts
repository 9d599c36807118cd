import { MigrationInterface, QueryRunner } from 'typeorm';

/** Payment-provider events applied, by the provider's event id: a replayed event changes nothing. */
export class BillingPaymentEvents1765000000000 implements MigrationInterface {
  name = 'BillingPaymentEvents1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE billing.payment_events (
        event_id text PRIMARY KEY CHECK (length(event_id) BETWEEN 1 AND 255),
        invoice_id uuid NOT NULL REFERENCES billing.invoices (id),
        amount_cents integer NOT NULL CHECK (amount_cents >= 0),
        currency char(3) NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE billing.payment_events');
  }
}
