/**
 * Printed labels for the invoice PDF in Italian and English, plus the date format.
 * The Italian payment stamp also carries the English word for foreign readers.
 */

import type { InvoiceLanguage, InvoicePaymentStatus } from './invoice-pdf.model';

export interface InvoiceLabels {
  title: string;
  number: string;
  issueDate: string;
  seller: string;
  billTo: string;
  vatNumber: string;
  description: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  vat: string;
  totalExclVat: string;
  totalVat: string;
  total: string;
  stamp: Record<InvoicePaymentStatus, string>;
}

export const INVOICE_LABELS: Readonly<Record<InvoiceLanguage, InvoiceLabels>> = {
  it: {
    title: 'Fattura',
    number: 'Numero',
    issueDate: 'Data',
    seller: 'Fornitore',
    billTo: 'Cliente',
    vatNumber: 'P. IVA',
    description: 'Descrizione',
    quantity: 'Quantità',
    unitPrice: 'Prezzo unitario',
    amount: 'Importo',
    vat: 'IVA',
    totalExclVat: 'Imponibile',
    totalVat: 'IVA',
    total: 'Totale',
    stamp: { paid: 'PAGATA / PAID', unpaid: 'NON PAGATA / UNPAID' },
  },
  en: {
    title: 'Invoice',
    number: 'Number',
    issueDate: 'Date',
    seller: 'Seller',
    billTo: 'Bill to',
    vatNumber: 'VAT no.',
    description: 'Description',
    quantity: 'Quantity',
    unitPrice: 'Unit price',
    amount: 'Amount',
    vat: 'VAT',
    totalExclVat: 'Total excl. VAT',
    totalVat: 'VAT',
    total: 'Total',
    stamp: { paid: 'PAID', unpaid: 'UNPAID' },
  },
};

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-03-05" → "05/03/2026" (it) / "5 Mar 2026" (en). */
export function formatIssueDate(isoDate: string, language: InvoiceLanguage): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const month = match ? Number(match[2]) : 0;
  if (!match || month < 1 || month > 12 || Number(match[3]) < 1 || Number(match[3]) > 31) {
    throw new RangeError(`Issue date must be "YYYY-MM-DD", got "${isoDate}"`);
  }
  const [, year, mm, dd] = match;
  return language === 'it' ? `${dd}/${mm}/${year}` : `${Number(dd)} ${EN_MONTHS[month - 1]} ${year}`;
}
