import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface InvoiceToPay {
  id: string;
  accountId: string;
  totalCents: number;
  currency: string;
}

/** The provider's events, by their own id (primary key: the second insert of an id does nothing). */
@Injectable()
export class PaymentEventRepository {
  /**
   * The invoice an event names, locked until the transaction ends. Not scoped by account: the
   * provider is not a tenant, and its signed event is what names the invoice and its payer.
   */
  async lockInvoice(em: EntityManager, invoiceId: string): Promise<InvoiceToPay | null> {
    const rows: InvoiceToPay[] = await em.query(
      `SELECT id, account_id AS "accountId", total_cents AS "totalCents", currency
         FROM billing.invoices WHERE id = $1 FOR UPDATE`,
      [invoiceId],
    );
    return rows[0] ?? null;
  }

  /** True when this event id is new (recorded now), false when it was applied before. */
  async record(em: EntityManager, eventId: string, invoice: InvoiceToPay): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO billing.payment_events (event_id, invoice_id, amount_cents, currency)
       VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [eventId, invoice.id, invoice.totalCents, invoice.currency],
    );
    return rows.length === 1;
  }
}
