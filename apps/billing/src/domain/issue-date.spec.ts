import { isCalendarDate, issueDateOf } from './issue-date';

describe('issueDateOf', () => {
  it('takes the date and year in the given time zone', () => {
    expect(issueDateOf(new Date('2026-03-05T10:00:00Z'), 'Europe/Rome')).toEqual({ date: '2026-03-05', year: 2026 });
    // 23:30 UTC on New Year's Eve is already 00:30 on 1 January in Rome.
    expect(issueDateOf(new Date('2026-12-31T23:30:00Z'), 'Europe/Rome')).toEqual({ date: '2027-01-01', year: 2027 });
    expect(issueDateOf(new Date('2026-12-31T23:30:00Z'), 'UTC')).toEqual({ date: '2026-12-31', year: 2026 });
  });
});

describe('isCalendarDate', () => {
  it.each(['2026-01-01', '2024-02-29', '2026-12-31'])('accepts %s', (d) => expect(isCalendarDate(d)).toBe(true));
  it.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-1-1', 'yesterday', ''])('rejects %p', (d) =>
    expect(isCalendarDate(d)).toBe(false),
  );
});
