// Streams delivery receipts to XLSX with flat memory: rows are committed as they arrive and
// the loop yields to the event loop so the zip pipeline can flush (exceljs ignores backpressure).
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import * as ExcelJS from 'exceljs';

export interface DeliveryReceiptRow {
  submittedAt: Date;
  recipient: string;
  sender: string;
  text: string;
  segments: number;
  status: string;
  deliveredAt: Date | null;
  errorCode: string | null;
  campaignId: string | null;
}

export type DeliveryReceiptsLanguage = 'en' | 'it';

export interface DeliveryReceiptsXlsxOptions {
  sheetName?: string;
  /** Language of the headers and status words; defaults to 'it' (the platform's default). */
  language?: DeliveryReceiptsLanguage;
  /** Data rows per worksheet before a new one starts; defaults to Excel's limit. */
  maxRowsPerSheet?: number;
}

/** Excel holds 1,048,576 rows per worksheet: the header plus this many data rows. */
export const EXCEL_MAX_DATA_ROWS = 1_048_575;

type ColumnKey = keyof DeliveryReceiptRow;

const COLUMN_ORDER: readonly ColumnKey[] = [
  'submittedAt',
  'recipient',
  'sender',
  'text',
  'segments',
  'status',
  'deliveredAt',
  'errorCode',
  'campaignId',
];

const HEADERS: Record<DeliveryReceiptsLanguage, Record<ColumnKey, string>> = {
  en: {
    submittedAt: 'Submitted at',
    recipient: 'Recipient',
    sender: 'Sender',
    text: 'Text',
    segments: 'Segments',
    status: 'Status',
    deliveredAt: 'Delivered at',
    errorCode: 'Error code',
    campaignId: 'Campaign ID',
  },
  it: {
    submittedAt: 'Inviato il',
    recipient: 'Destinatario',
    sender: 'Mittente',
    text: 'Testo',
    segments: 'Segmenti',
    status: 'Stato',
    deliveredAt: 'Consegnato il',
    errorCode: 'Codice errore',
    campaignId: 'ID campagna',
  },
};

/** Status words as the customer reads them; a status not listed here is written as stored. */
const STATUS_WORDS: Record<DeliveryReceiptsLanguage, Record<string, string>> = {
  en: {
    queued: 'Queued',
    sent: 'Sent',
    delivered: 'Delivered',
    failed: 'Failed',
    expired: 'Expired',
    cancelled: 'Cancelled',
    blocked: 'Blocked',
  },
  it: {
    queued: 'In coda',
    sent: 'Inviato',
    delivered: 'Consegnato',
    failed: 'Non consegnato',
    expired: 'Scaduto',
    cancelled: 'Annullato',
    blocked: 'Bloccato',
  },
};

export function statusWord(status: string, language: DeliveryReceiptsLanguage): string {
  return Object.hasOwn(STATUS_WORDS[language], status) ? STATUS_WORDS[language][status] : status;
}

const DEFAULT_SHEET_NAME: Record<DeliveryReceiptsLanguage, string> = {
  en: 'Delivery receipts',
  it: 'Ricevute di consegna',
};

const WIDTHS: Record<ColumnKey, number> = {
  submittedAt: 20,
  recipient: 18,
  sender: 14,
  text: 60,
  segments: 10,
  status: 12,
  deliveredAt: 20,
  errorCode: 14,
  campaignId: 38,
};

/** Dates are real Excel date cells (sortable/filterable), written as given (callers shift them to local time), shown with this format. */
export const DELIVERY_RECEIPT_DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';

const YIELD_EVERY_ROWS = 50;
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/**
 * OWASP CSV/formula-injection mitigation: a string that a spreadsheet could re-interpret as a
 * formula on edit gets a leading single quote. Non-strings and safe strings pass through.
 */
export function sanitizeCell(value: string): string;
export function sanitizeCell<T>(value: T): T | string;
export function sanitizeCell(value: unknown): unknown {
  if (typeof value !== 'string' || value.length === 0) return value;
  return FORMULA_TRIGGERS.has(value[0]) ? `'${value}` : value;
}

// Recipient is deliberately not sanitized: it is validated E.164 ("+<digits>") before it is
// stored, so it cannot carry a formula, and a "'+39..." prefix would corrupt the exported number.
// Every other string column (text, sender, status, errorCode, campaignId) is sanitized.
function toCells(row: DeliveryReceiptRow, language: DeliveryReceiptsLanguage): unknown[] {
  return [
    row.submittedAt,
    row.recipient,
    sanitizeCell(row.sender),
    sanitizeCell(row.text),
    row.segments,
    sanitizeCell(statusWord(row.status, language)),
    row.deliveredAt,
    row.errorCode === null ? null : sanitizeCell(row.errorCode),
    row.campaignId === null ? null : sanitizeCell(row.campaignId),
  ];
}

export async function writeDeliveryReceiptsXlsx(
  rows: AsyncIterable<DeliveryReceiptRow>,
  out: Writable,
  opts: DeliveryReceiptsXlsxOptions = {},
): Promise<{ rows: number }> {
  const language = opts.language ?? 'it';
  const maxRows = opts.maxRowsPerSheet ?? EXCEL_MAX_DATA_ROWS;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const baseName = opts.sheetName ?? DEFAULT_SHEET_NAME[language];
  let sheetNo = 1;
  let sheet = addSheet(workbook, baseName, language);
  let inSheet = 0;

  let count = 0;
  for await (const row of rows) {
    if (inSheet === maxRows) {
      // Excel's row limit: continue on a new worksheet with the same header.
      sheet.commit();
      sheetNo += 1;
      sheet = addSheet(workbook, `${baseName} (${sheetNo})`, language);
      inSheet = 0;
    }
    sheet.addRow(toCells(row, language)).commit();
    inSheet += 1;
    count += 1;
    if (count % YIELD_EVERY_ROWS === 0) await letOutputFlush(out);
  }
  sheet.commit();
  await workbook.commit();
  return { rows: count };
}

function addSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, language: DeliveryReceiptsLanguage) {
  const sheet = workbook.addWorksheet(name);
  sheet.columns = COLUMN_ORDER.map((key) => ({
    header: HEADERS[language][key],
    key,
    width: WIDTHS[key],
    style: key === 'submittedAt' || key === 'deliveredAt' ? { numFmt: DELIVERY_RECEIPT_DATE_FORMAT } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  return sheet;
}

// Yield so archiver can move committed rows into `out`; if `out` itself is full, wait for it
// to drain, otherwise rows pile up in exceljs' in-memory buffers (e.g. a slow HTTP client).
async function letOutputFlush(out: Writable): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (out.writableNeedDrain && !out.destroyed) {
    const ac = new AbortController();
    await Promise.race([once(out, 'drain', { signal: ac.signal }), once(out, 'close', { signal: ac.signal })]).catch(
      () => undefined,
    );
    ac.abort();
  }
  // Stop pulling from the (possibly DB-backed) source once nobody can receive the file.
  if (out.destroyed) throw new Error('delivery receipts export aborted: output stream closed');
}
