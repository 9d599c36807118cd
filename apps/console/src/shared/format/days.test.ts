import { describe, expect, it } from 'vitest';
import { dayIn, endOfDay, monthRanges, zonedInstant } from './days';

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

  it('reads a wall-clock time of Rome as the instant it is, summer and winter', () => {
    expect(zonedInstant('2026-07-10T09:30').toISOString()).toBe('2026-07-10T07:30:00.000Z');
    expect(zonedInstant('2026-12-10T09:30').toISOString()).toBe('2026-12-10T08:30:00.000Z');
    expect(endOfDay('2027-01-31').toISOString()).toBe('2027-01-31T22:59:59.000Z');
  });
});
