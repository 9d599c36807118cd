/**
 * Renders one invoice as an A4 PDF with pdfkit and the shipped DejaVu fonts.
 * Streaming by design: the HTTP layer pipes the document straight into the response, so a
 * PDF is never held in memory as a whole (the buffer helper exists for mail attachments/tests).
 */

import PDFDocument from 'pdfkit';
import type { Readable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { registerSharedFont } from './invoice-pdf.font-cache';
import { loadInvoiceFonts } from './invoice-pdf.fonts';
import { INVOICE_LABELS, formatIssueDate } from './invoice-pdf.labels';
import type { InvoicePdfModel } from './invoice-pdf.model';
import { formatBasisPointsAsPercent, formatCount, formatEuroCents, formatEuroTenthsOfCent } from './money.format';

export interface RenderInvoicePdfOptions {
  /** Directory with DejaVuSans.ttf and DejaVuSans-Bold.ttf; defaults to the shipped assets. */
  fontDir?: string;
}

const MARGIN = 50;
const CONTENT_WIDTH = 595.28 - 2 * MARGIN; // A4 width in points
const STAMP_COLORS = { paid: '#1b7f3a', unpaid: '#c62828' } as const;
// Table columns: [x, width]; numbers are right-aligned.
const COL = { desc: [MARGIN, 200], qty: [250, 70], unit: [320, 105], amount: [425, 120] } as const;

function assertConsistent(invoice: InvoicePdfModel): void {
  const { amountExclVatCents, vatCents, totalCents } = invoice.totals;
  // A PDF is a legal document: refuse to print totals that do not add up.
  if (amountExclVatCents + vatCents !== totalCents || invoice.line.amountCents !== amountExclVatCents) {
    throw new RangeError(`Invoice ${invoice.number}: line amount and totals are inconsistent`);
  }
}

function buyerLines(invoice: InvoicePdfModel, vatLabel: string): string[] {
  const b = invoice.buyer;
  return [
    b.company ?? '',
    `${b.firstName} ${b.lastName}`.trim(),
    b.address,
    `${b.postalCode} ${b.city}`.trim(),
    b.country,
    b.vatNumber ? `${vatLabel} ${b.vatNumber}` : '',
  ].filter((line) => line !== '');
}

function drawHeader(doc: PDFKit.PDFDocument, invoice: InvoicePdfModel): void {
  const l = INVOICE_LABELS[invoice.language];
  const s = invoice.seller;
  doc.font('bold').fontSize(14).text(s.name, MARGIN, MARGIN, { width: 260 });
  doc.font('regular').fontSize(9);
  for (const line of [...s.addressLines, s.country, `${l.vatNumber} ${s.vatNumber}`]) doc.text(line, { width: 260 });

  const right = { width: 215, align: 'right' as const };
  doc.font('bold').fontSize(22).text(l.title, 330, MARGIN, right);
  doc
    .font('regular')
    .fontSize(10)
    .text(`${l.number}: ${invoice.number}`, 330, doc.y + 4, right);
  doc.text(`${l.issueDate}: ${formatIssueDate(invoice.issueDate, invoice.language)}`, right);
}

function drawBuyer(doc: PDFKit.PDFDocument, invoice: InvoicePdfModel, top: number): void {
  const l = INVOICE_LABELS[invoice.language];
  doc.font('bold').fontSize(10).text(l.billTo, MARGIN, top, { width: 300 });
  doc.font('regular').fontSize(10);
  for (const line of buyerLines(invoice, l.vatNumber)) doc.text(line, { width: 300 });
}

function drawStamp(doc: PDFKit.PDFDocument, invoice: InvoicePdfModel, top: number): void {
  const color = STAMP_COLORS[invoice.status];
  const text = INVOICE_LABELS[invoice.language].stamp[invoice.status];
  doc.save().lineWidth(3).strokeColor(color).roundedRect(MARGIN, top, CONTENT_WIDTH, 44, 6).stroke().restore();
  doc
    .font('bold')
    .fontSize(24)
    .fillColor(color)
    .text(text, MARGIN, top + 9, { width: CONTENT_WIDTH, align: 'center' });
  doc.fillColor('black');
}

function cell(
  doc: PDFKit.PDFDocument,
  text: string,
  [x, width]: readonly [number, number],
  y: number,
  right = true,
): void {
  doc.text(text, x, y, { width, align: right ? 'right' : 'left' });
}

function drawTable(doc: PDFKit.PDFDocument, invoice: InvoicePdfModel, top: number): number {
  const l = INVOICE_LABELS[invoice.language];
  const lang = invoice.language;
  doc
    .save()
    .rect(MARGIN, top - 4, CONTENT_WIDTH, 20)
    .fill('#eeeeee')
    .restore();
  doc.font('bold').fontSize(10).fillColor('black');
  cell(doc, l.description, COL.desc, top, false);
  cell(doc, l.quantity, COL.qty, top);
  cell(doc, l.unitPrice, COL.unit, top);
  cell(doc, l.amount, COL.amount, top);

  const rowY = top + 26;
  doc.font('regular');
  cell(doc, invoice.line.description, COL.desc, rowY, false);
  cell(doc, formatCount(invoice.line.quantity, lang), COL.qty, rowY);
  cell(doc, formatEuroTenthsOfCent(invoice.line.unitPriceTenthsOfCent, lang), COL.unit, rowY);
  cell(doc, formatEuroCents(invoice.line.amountCents, lang), COL.amount, rowY);
  const bottom = Math.max(doc.y, rowY + 14) + 6;
  doc
    .moveTo(MARGIN, bottom)
    .lineTo(MARGIN + CONTENT_WIDTH, bottom)
    .lineWidth(0.5)
    .strokeColor('#999999')
    .stroke();
  return bottom + 12;
}

function drawTotals(doc: PDFKit.PDFDocument, invoice: InvoicePdfModel, top: number): void {
  const l = INVOICE_LABELS[invoice.language];
  const lang = invoice.language;
  const rows: Array<[string, number]> = [
    [l.totalExclVat, invoice.totals.amountExclVatCents],
    [`${l.totalVat} ${formatBasisPointsAsPercent(invoice.vat.rateBasisPoints, lang)}`, invoice.totals.vatCents],
    [l.total, invoice.totals.totalCents],
  ];
  let y = top;
  rows.forEach(([label, cents], i) => {
    doc.font(i === rows.length - 1 ? 'bold' : 'regular').fontSize(i === rows.length - 1 ? 12 : 10);
    cell(doc, label, [250, 170], y);
    cell(doc, formatEuroCents(cents, lang), COL.amount, y);
    y += 20;
  });
  if (invoice.vat.mention) {
    doc
      .font('regular')
      .fontSize(9)
      .text(invoice.vat.mention, MARGIN, y + 10, { width: CONTENT_WIDTH });
  }
}

/** Builds the whole document and returns it as a Readable (already ended, data flows when read). */
export function createInvoicePdfStream(invoice: InvoicePdfModel, options: RenderInvoicePdfOptions = {}): Readable {
  assertConsistent(invoice);
  const fonts = loadInvoiceFonts(options.fontDir);
  const title = `${INVOICE_LABELS[invoice.language].title} ${invoice.number}`;
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    lang: invoice.language,
    displayTitle: true,
    info: { Title: invoice.number, Subject: title, Author: invoice.seller.name, Creator: 'billing' },
  });
  registerSharedFont(doc, 'regular', fonts.regular);
  registerSharedFont(doc, 'bold', fonts.bold);

  drawHeader(doc, invoice);
  const buyerTop = Math.max(doc.y, MARGIN + 90) + 20;
  drawBuyer(doc, invoice, buyerTop);
  const stampTop = doc.y + 20;
  drawStamp(doc, invoice, stampTop);
  const totalsTop = drawTable(doc, invoice, stampTop + 70);
  drawTotals(doc, invoice, totalsTop);
  doc.end();
  return doc as unknown as Readable;
}

/** Pipes the PDF into `out` (e.g. an HTTP response) and resolves once `out` has finished. */
export async function renderInvoicePdf(
  invoice: InvoicePdfModel,
  out: NodeJS.WritableStream,
  options: RenderInvoicePdfOptions = {},
): Promise<void> {
  await pipeline(createInvoicePdfStream(invoice, options), out);
}

/** Whole PDF in memory, for e-mail attachments and tests. */
export async function renderInvoicePdfToBuffer(
  invoice: InvoicePdfModel,
  options: RenderInvoicePdfOptions = {},
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  await renderInvoicePdf(invoice, sink, options);
  return Buffer.concat(chunks);
}
