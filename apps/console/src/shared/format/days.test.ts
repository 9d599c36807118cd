import { describe, expect, it } from 'vitest';
import { dayIn, monthRanges } from './days';

describe('days in the account time zone', () => {
  it('takes the Rome calendar day, not the UTC one, around midnight', () => {
    expect(dayIn(new Date('2026-03-31T22:30:00Z'))).toBe('2026-04-01');
    expect(dayIn(new Date('2026-03-31T21:30:00Z'))).toBe('2026-03-31');
  });

  it('gives this month so far and the whole previous month, across a year end', () => {
    expect(monthRanges(new Date('2026-01-15T10:00:00Z'))).toEqual({
      thisMonth: { from: '2026-01-01', to: '2026-01-15' },
      lastMonth: { from: '2025-12-01', to: '2025-12-31' },
    });
    expect(monthRanges(new Date('2028-03-02T10:00:00Z')).lastMonth).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });
});
