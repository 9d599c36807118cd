import { formatBasisPointsAsPercent, formatCount, formatEuroCents, formatEuroTenthsOfCent } from './money.format';

describe('money formatting', () => {
  it('formats cents in Italian and English', () => {
    expect(formatEuroCents(17000, 'it')).toBe('170,00 €');
    expect(formatEuroCents(17000, 'en')).toBe('€170.00');
    expect(formatEuroCents(5, 'it')).toBe('0,05 €');
    expect(formatEuroCents(123456789, 'it')).toBe('1.234.567,89 €');
    expect(formatEuroCents(123456789, 'en')).toBe('€1,234,567.89');
    expect(formatEuroCents(-250, 'en')).toBe('-€2.50');
    expect(() => formatEuroCents(1.5, 'it')).toThrow(RangeError);
  });

  it('formats unit prices in tenths of a cent', () => {
    expect(formatEuroTenthsOfCent(68, 'it')).toBe('0,068 €');
    expect(formatEuroTenthsOfCent(80, 'en')).toBe('€0.080');
  });

  it('groups quantities', () => {
    expect(formatCount(999, 'it')).toBe('999');
    expect(formatCount(2501, 'it')).toBe('2.501');
    expect(formatCount(1234567, 'en')).toBe('1,234,567');
  });

  it('formats VAT rates', () => {
    expect(formatBasisPointsAsPercent(2200, 'it')).toBe('22%');
    expect(formatBasisPointsAsPercent(0, 'en')).toBe('0%');
    expect(formatBasisPointsAsPercent(550, 'it')).toBe('5,5%');
    expect(formatBasisPointsAsPercent(1025, 'en')).toBe('10.25%');
  });
});
