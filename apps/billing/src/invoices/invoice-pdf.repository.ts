import { Inject, Injectable } from '@nestjs/common';
import { InvoiceStatus } from '@sms/contracts';
import { DataSource } from 'typeorm';

/** Rendered PDFs, keyed by invoice and payment status (read with the invoice: InvoiceRepository.findWithPdf). */
@Injectable()
export class InvoicePdfRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** First writer wins: two replicas rendering the same version at once store one copy. */
  async save(invoiceId: string, status: InvoiceStatus, pdf: Buffer): Promise<void> {
    await this.ds.query(
      `INSERT INTO billing.invoice_pdfs (invoice_id, status, pdf) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [invoiceId, status, pdf],
    );
  }
}
