import { formatInvoiceNumber, parseInvoiceNumber } from './invoice-number';

describe('formatInvoiceNumber', () => {
  it('pads the sequence to 6 digits and grows beyond', () => {
    expect(formatInvoiceNumber(2026, 1)).toBe('2026-000001');
    expect(formatInvoiceNumber(2026, 999999)).toBe('2026-999999');
    expect(formatInvoiceNumber(2026, 1000000)).toBe('2026-1000000');
  });

  it.each([
    [2026, 0],
    [2026, -1],
    [2026, 1.5],
    [26, 1],
    [20260, 1],
  ])('rejects year %p seq %p', (year, seq) => {
    expect(() => formatInvoiceNumber(year, seq)).toThrow(RangeError);
  });
});

describe('parseInvoiceNumber', () => {
  it('round-trips canonical numbers', () => {
    expect(parseInvoiceNumber('2026-000001')).toEqual({ year: 2026, seq: 1 });
    expect(parseInvoiceNumber('2027-1234567')).toEqual({ year: 2027, seq: 1234567 });
  });

  it.each(['', '2026-00001', '2026-000000', '2026-0000001', '26-000001', '2026_000001', ' 2026-000001', '2026-00000a'])(
    'returns null for %p',
    (text) => expect(parseInvoiceNumber(text)).toBeNull(),
  );
});
