/**
 * Invoice numbers: "<year>-<sequence>", sequence zero-padded to 6 digits and restarting
 * every year (Italian invoices must be numbered progressively per calendar year).
 */

export interface InvoiceNumberParts {
  year: number;
  seq: number;
}

const SEQ_DIGITS = 6;

export function formatInvoiceNumber(year: number, seq: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`Invoice year must be a 4-digit integer, got ${year}`);
  }
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new RangeError(`Invoice sequence must be a positive integer, got ${seq}`);
  }
  // padStart never truncates, so sequences beyond 999999 simply get more digits.
  return `${year}-${String(seq).padStart(SEQ_DIGITS, '0')}`;
}

/**
 * Returns null for anything that is not a canonical invoice number (e.g. route params),
 * so "2026-0000001" is rejected: it would alias "2026-000001".
 */
export function parseInvoiceNumber(text: string): InvoiceNumberParts | null {
  const match = /^(\d{4})-(\d{6,})$/.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const seq = Number(match[2]);
  if (year < 1000 || seq < 1 || !Number.isSafeInteger(seq)) return null;
  return formatInvoiceNumber(year, seq) === text ? { year, seq } : null;
}
