import { calendarMonths } from './calendar-months';

describe('calendarMonths', () => {
  it('takes the month of the local day, not of the UTC day', () => {
    // 23:30 UTC on 31 May is already 1 June in Rome (UTC+2).
    const m = calendarMonths(new Date('2026-05-31T23:30:00Z'), 'Europe/Rome');
    expect(m.thisStart.toISOString()).toBe('2026-05-31T22:00:00.000Z');
    expect(m.lastStart.toISOString()).toBe('2026-04-30T22:00:00.000Z');
    expect(m.nextStart.toISOString()).toBe('2026-06-30T22:00:00.000Z');
  });

  it('crosses the year and a DST change', () => {
    const m = calendarMonths(new Date('2026-01-15T12:00:00Z'), 'Europe/Rome');
    expect(m.lastStart.toISOString()).toBe('2025-11-30T23:00:00.000Z');
    expect(m.thisStart.toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(calendarMonths(new Date('2026-03-15T12:00:00Z'), 'Europe/Rome').nextStart.toISOString()).toBe(
      '2026-03-31T22:00:00.000Z',
    );
  });
});
