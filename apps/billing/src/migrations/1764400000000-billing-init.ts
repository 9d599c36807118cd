import { MigrationInterface, QueryRunner } from 'typeorm';
import { createIdempotencyTableV1, dropIdempotencyTableV1 } from '@sms/database';
import { createOutboxTablesV1, dropOutboxTablesV1 } from '@sms/events';

export class BillingInit1764400000000 implements MigrationInterface {
  name = 'BillingInit1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // One row per calendar year; incremented in the transaction that inserts the invoice, so a
    // rolled-back purchase gives its number back and concurrent purchases queue on the row lock.
    await q.query(`
      CREATE TABLE billing.invoice_counters (
        year integer PRIMARY KEY CHECK (year BETWEEN 1000 AND 9999),
        last integer NOT NULL CHECK (last >= 1)
      )`);
    await q.query(`
      CREATE TABLE billing.invoices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL,
        year integer NOT NULL,
        seq integer NOT NULL CHECK (seq >= 1),
        number text NOT NULL,
        issued_at timestamptz NOT NULL,
        issue_date date NOT NULL,
        language text NOT NULL CHECK (language IN ('it', 'en')),
        sms_count integer NOT NULL CHECK (sms_count >= 1),
        unit_price_tenths_of_cent integer NOT NULL CHECK (unit_price_tenths_of_cent >= 1),
        amount_excl_vat_cents integer NOT NULL CHECK (amount_excl_vat_cents >= 0),
        vat_rate_basis_points integer NOT NULL CHECK (vat_rate_basis_points BETWEEN 0 AND 10000),
        vat_kind text NOT NULL CHECK (vat_kind IN ('standard', 'reverse-charge', 'outside-scope')),
        vat_mention text,
        vat_cents integer NOT NULL CHECK (vat_cents >= 0),
        total_cents integer NOT NULL,
        currency char(3) NOT NULL,
        status text NOT NULL DEFAULT 'unpaid' CHECK (status IN ('unpaid', 'paid')),
        paid_at timestamptz,
        buyer jsonb NOT NULL,
        seller jsonb NOT NULL,
        CONSTRAINT invoices_year_seq_key UNIQUE (year, seq),
        CONSTRAINT invoices_number_key UNIQUE (number),
        CONSTRAINT invoices_total_check CHECK (total_cents = amount_excl_vat_cents + vat_cents),
        CONSTRAINT invoices_paid_at_check CHECK ((status = 'paid') = (paid_at IS NOT NULL)),
        CONSTRAINT invoices_zero_vat_check CHECK (vat_kind = 'standard' OR (vat_rate_basis_points = 0 AND vat_cents = 0))
      )`);
    // The list: one account, newest first (numbers grow with time within a year).
    await q.query(`CREATE INDEX invoices_account_order_idx ON billing.invoices (account_id, year DESC, seq DESC)`);
    // Rendered PDFs, one per invoice and payment status: an issued invoice never changes except
    // for its PAID mark, so each version is rendered once and served from here afterwards.
    await q.query(`
      CREATE TABLE billing.invoice_pdfs (
        invoice_id uuid NOT NULL REFERENCES billing.invoices(id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('unpaid', 'paid')),
        pdf bytea NOT NULL,
        rendered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (invoice_id, status)
      )`);
    await createIdempotencyTableV1(q, 'billing');
    await createOutboxTablesV1(q, 'billing');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropOutboxTablesV1(q, 'billing');
    await dropIdempotencyTableV1(q, 'billing');
    await q.query(`DROP TABLE billing.invoice_pdfs`);
    await q.query(`DROP TABLE billing.invoices`);
    await q.query(`DROP TABLE billing.invoice_counters`);
  }
}
