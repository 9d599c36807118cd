import { Inject, Injectable } from '@nestjs/common';
import { InvoiceStatus } from '@sms/contracts';
import { DataSource } from 'typeorm';

/** Rendered PDFs, keyed by invoice and payment status (read with the invoice: InvoiceRepository.findWithPdf). */
@Injectable()
export class InvoicePdfRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /**
   * First writer wins: two renderings of the same version (two replicas, or a request that read
   * "not rendered yet" just before another stored it) keep one copy, and both callers get the
   * stored bytes, so every download of a version (one ETag) is byte-identical.
   */
  async save(invoiceId: string, status: InvoiceStatus, pdf: Buffer): Promise<Buffer> {
    const rows: { pdf: Buffer }[] = await this.ds.query(
      `WITH inserted AS (
         INSERT INTO billing.invoice_pdfs (invoice_id, status, pdf) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING pdf)
       SELECT pdf FROM inserted
       UNION ALL
       SELECT pdf FROM billing.invoice_pdfs WHERE invoice_id = $1 AND status = $2 AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [invoiceId, status, pdf],
    );
    return rows[0]?.pdf ?? pdf;
  }
}
