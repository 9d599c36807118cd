import { ValidationFailedError } from '@sms/contracts';
import { decodeInvoiceCursor, encodeInvoiceCursor } from './invoice-cursor';

describe('invoice cursor', () => {
  it('round-trips a position', () => {
    expect(decodeInvoiceCursor(encodeInvoiceCursor({ year: 2026, seq: 42 }))).toEqual({ year: 2026, seq: 42 });
  });

  it.each([
    '',
    'abc',
    Buffer.from('2026:0').toString('base64url'),
    Buffer.from('26:1').toString('base64url'),
    Buffer.from('2026:99999999999').toString('base64url'),
  ])('rejects %p as a 400', (cursor) => {
    expect(() => decodeInvoiceCursor(cursor)).toThrow(ValidationFailedError);
  });
});
