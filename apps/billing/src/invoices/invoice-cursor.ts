import { ValidationFailedError } from '@sms/contracts';
import type { InvoicePosition } from './invoice.repository';

/** Opaque keyset cursor: the (year, seq) of the last invoice of a page, base64url-encoded. */
export function encodeInvoiceCursor(p: InvoicePosition): string {
  return Buffer.from(`${p.year}:${p.seq}`, 'utf8').toString('base64url');
}

export function decodeInvoiceCursor(cursor: string): InvoicePosition {
  const match = /^(\d{4}):(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const seq = match ? Number(match[2]) : 0;
  if (!match || seq < 1 || seq > 2_147_483_647) {
    throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not a nextCursor returned by this list' }]);
  }
  return { year: Number(match[1]), seq };
}
