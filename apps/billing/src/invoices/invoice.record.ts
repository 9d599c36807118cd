import { InvoiceStatus, InvoiceVatKind, InvoiceView } from '@sms/contracts';
import type { InvoiceBuyerBlock, InvoiceLanguage, InvoiceSellerBlock } from '../domain/invoice-pdf.model';

/** One row of billing.invoices; amounts are integer cents, buyer/seller are issue-time snapshots. */
export interface InvoiceRecord {
  id: string;
  accountId: string;
  year: number;
  seq: number;
  number: string;
  issuedAt: Date;
  /** "YYYY-MM-DD" in the invoice time zone. */
  issueDate: string;
  language: InvoiceLanguage;
  smsCount: number;
  unitPriceTenthsOfCent: number;
  amountExclVatCents: number;
  vatRateBasisPoints: number;
  vatKind: InvoiceVatKind;
  vatMention: string | null;
  vatCents: number;
  totalCents: number;
  currency: string;
  status: InvoiceStatus;
  paidAt: Date | null;
  buyer: InvoiceBuyerBlock;
  seller: InvoiceSellerBlock;
}

export type NewInvoice = Omit<InvoiceRecord, 'id' | 'seq' | 'number' | 'status' | 'paidAt'>;

/** Basis points as a decimal percent: 2200 → 22, 550 → 5.5 (what people read on an invoice). */
export function basisPointsToPercent(basisPoints: number): number {
  return basisPoints / 100;
}

export function toInvoiceView(r: InvoiceRecord): InvoiceView {
  return {
    id: r.id,
    number: r.number,
    issuedAt: r.issuedAt.toISOString(),
    smsCount: r.smsCount,
    unitPriceTenthsOfCent: r.unitPriceTenthsOfCent,
    amountExclVat: r.amountExclVatCents,
    vatRate: basisPointsToPercent(r.vatRateBasisPoints),
    vatKind: r.vatKind,
    vatMention: r.vatMention,
    vatAmount: r.vatCents,
    total: r.totalCents,
    currency: r.currency,
    status: r.status,
    paidAt: r.paidAt ? r.paidAt.toISOString() : null,
  };
}
