import { Injectable, Logger } from '@nestjs/common';
import { Actor, InvoicePdfReply, NotFoundError } from '@sms/contracts';
import type { InvoicePdfModel } from '../domain/invoice-pdf.model';
import { renderInvoicePdfToBuffer } from '../domain/invoice-pdf.renderer';
import { InvoicePdfRepository } from './invoice-pdf.repository';
import { InvoiceRecord } from './invoice.record';
import { InvoiceRepository } from './invoice.repository';

// NATS replies are capped at 1 MB (base64 adds a third); an invoice is ~25 KB, so this is a bug guard.
const MAX_PDF_BYTES = 700 * 1024;
const LINE_DESCRIPTION = { it: 'Pacchetto SMS', en: 'SMS pack' } as const;

export function toPdfModel(r: InvoiceRecord): InvoicePdfModel {
  return {
    number: r.number,
    issueDate: r.issueDate,
    language: r.language,
    seller: r.seller,
    buyer: r.buyer,
    line: {
      description: LINE_DESCRIPTION[r.language],
      quantity: r.smsCount,
      unitPriceTenthsOfCent: r.unitPriceTenthsOfCent,
      amountCents: r.amountExclVatCents,
    },
    vat: { rateBasisPoints: r.vatRateBasisPoints, mention: r.vatMention },
    totals: { amountExclVatCents: r.amountExclVatCents, vatCents: r.vatCents, totalCents: r.totalCents },
    status: r.status,
  };
}

/**
 * GET /invoices/{id}/pdf. Each version of an invoice (unpaid, then paid) is rendered once from
 * its issue-time snapshot and kept in billing.invoice_pdfs: rendering costs tens of ms of CPU,
 * reading the stored bytes well under one. Concurrent first requests share one rendering.
 */
@Injectable()
export class InvoicePdfService {
  private readonly logger = new Logger(InvoicePdfService.name);
  private readonly inFlight = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly invoices: InvoiceRepository,
    private readonly pdfs: InvoicePdfRepository,
  ) {}

  async pdf(actor: Actor, invoiceId: string): Promise<InvoicePdfReply> {
    const found = actor.role === 'owner' ? await this.invoices.findWithPdf(actor.accountId, invoiceId) : null;
    if (!found) throw new NotFoundError('Invoice');
    const { pdf: stored, ...invoice } = found;
    const pdf = stored ?? (await this.renderOnce(invoice));
    return { number: invoice.number, filename: `invoice-${invoice.number}.pdf`, contentBase64: pdf.toString('base64') };
  }

  private renderOnce(invoice: InvoiceRecord): Promise<Buffer> {
    const key = `${invoice.id}:${invoice.status}`;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.render(invoice).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async render(invoice: InvoiceRecord): Promise<Buffer> {
    const started = Date.now();
    const pdf = await renderInvoicePdfToBuffer(toPdfModel(invoice));
    if (pdf.length > MAX_PDF_BYTES)
      throw new Error(`Invoice ${invoice.number}: PDF of ${pdf.length} bytes is too large for a reply`);
    const stored = await this.pdfs.save(invoice.id, invoice.status, pdf);
    this.logger.debug(
      `rendered ${invoice.number} (${invoice.status}) in ${Date.now() - started} ms, ${pdf.length} bytes`,
    );
    return stored;
  }
}
