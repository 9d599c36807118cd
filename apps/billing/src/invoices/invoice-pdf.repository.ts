import { Inject, Injectable } from '@nestjs/common';
import { InvoiceStatus } from '@sms/contracts';
import { DataSource } from 'typeorm';

/** Rendered PDFs, keyed by invoice and payment status (read with the invoice: InvoiceRepository.findWithPdf). */
@Injectable()
export class InvoicePdfRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /**
   * First writer wins: two renderings of the same version (replicas, or a request that missed
   * another's in-flight rendering) store one copy, and both callers get that stored copy back.
   * Renderings differ (the PDF's creation date), so returning one's own bytes broke "same bytes".
   */
  async save(invoiceId: string, status: InvoiceStatus, pdf: Buffer): Promise<Buffer> {
    const inserted = (await this.ds.query(
      `INSERT INTO billing.invoice_pdfs (invoice_id, status, pdf) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING pdf`,
      [invoiceId, status, pdf],
    )) as { pdf: Buffer }[];
    if (inserted.length > 0) return inserted[0].pdf;
    const [stored] = (await this.ds.query(
      `SELECT pdf FROM billing.invoice_pdfs WHERE invoice_id = $1 AND status = $2`,
      [invoiceId, status],
    )) as { pdf: Buffer }[];
    return stored.pdf;
  }
}
