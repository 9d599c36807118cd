/**
 * Everything the invoice PDF prints, already computed: the renderer does layout only, so the
 * amounts on paper are exactly those stored with the invoice (snapshots, integer cents).
 */

export type InvoiceLanguage = 'it' | 'en';
export type InvoicePaymentStatus = 'paid' | 'unpaid';

export interface InvoiceSellerBlock {
  name: string;
  addressLines: string[];
  vatNumber: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

/** Snapshot of the customer's billing details at issue time (later edits must not change it). */
export interface InvoiceBuyerBlock {
  company?: string | null;
  firstName: string;
  lastName: string;
  address: string;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  vatNumber?: string | null;
}

export interface InvoiceLineItem {
  description: string;
  quantity: number;
  unitPriceTenthsOfCent: number;
  amountCents: number;
}

export interface InvoiceVatLine {
  rateBasisPoints: number;
  mention: string | null;
}

export interface InvoiceTotals {
  amountExclVatCents: number;
  vatCents: number;
  totalCents: number;
}

export interface InvoicePdfModel {
  /** e.g. "2026-000001"; also the PDF Title. */
  number: string;
  /** Calendar date "YYYY-MM-DD" (a plain string avoids timezone shifts). */
  issueDate: string;
  language: InvoiceLanguage;
  seller: InvoiceSellerBlock;
  buyer: InvoiceBuyerBlock;
  line: InvoiceLineItem;
  vat: InvoiceVatLine;
  totals: InvoiceTotals;
  status: InvoicePaymentStatus;
}
