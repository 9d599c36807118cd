import { describe, expect, it } from 'vitest';
import { periodLabel, presetRange, rateText, validPeriod } from './period';

describe('report periods', () => {
  // 23:30 UTC on 31 Dec is already 1 Jan in Rome: presets follow the account's days.
  const newYearInRome = new Date('2026-12-31T23:30:00Z');

  it('takes this month, last month and the last 30 days in the account time zone', () => {
    expect(presetRange('thisMonth', newYearInRome)).toEqual({ from: '2027-01-01', to: '2027-01-01' });
    expect(presetRange('lastMonth', newYearInRome)).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(presetRange('last30', newYearInRome)).toEqual({ from: '2026-12-03', to: '2027-01-01' });
  });

  it('accepts two days in order only', () => {
    expect(validPeriod({ from: '2026-11-01', to: '2026-11-30' })).toBe(true);
    expect(validPeriod({ from: '2026-11-30', to: '2026-11-01' })).toBe(false);
    expect(validPeriod({ from: '2026-11-01', to: '' })).toBe(false);
    expect(validPeriod({ from: '1/11/2026', to: '2026-11-30' })).toBe(false);
  });

  it('writes the delivery rate as a percentage, or a dash when nothing is final', () => {
    expect(rateText(0.9596, 'it-IT')).toBe('95,96%');
    expect(rateText(1, 'en-GB')).toBe('100%');
    expect(rateText(null, 'it-IT')).toBe('—');
  });

  it('names days and months in the locale', () => {
    expect(periodLabel('2026-11-30', 'day', 'it-IT')).toBe('30 nov 2026');
    expect(periodLabel('2026-11', 'month', 'it-IT')).toBe('novembre 2026');
    expect(periodLabel('2026-11', 'month', 'en-GB')).toBe('November 2026');
  });
});
