import { Inject, Injectable } from '@nestjs/common';
import { InvoiceStatus } from '@sms/contracts';
import { DataSource } from 'typeorm';

/** Rendered PDFs, keyed by invoice and payment status. Callers have already checked the tenant. */
@Injectable()
export class InvoicePdfRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async find(invoiceId: string, status: InvoiceStatus): Promise<Buffer | null> {
    const rows: { pdf: Buffer }[] = await this.ds.query(
      `SELECT pdf FROM billing.invoice_pdfs WHERE invoice_id = $1 AND status = $2`,
      [invoiceId, status],
    );
    return rows[0]?.pdf ?? null;
  }

  /** First writer wins: two replicas rendering the same version at once store one copy. */
  async save(invoiceId: string, status: InvoiceStatus, pdf: Buffer): Promise<void> {
    await this.ds.query(
      `INSERT INTO billing.invoice_pdfs (invoice_id, status, pdf) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [invoiceId, status, pdf],
    );
  }
}
