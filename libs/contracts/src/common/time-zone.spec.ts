import { startOfDay, startOfNextDay, toWallClock, zoneOffsetMs } from './time-zone';

describe('time zones', () => {
  it('knows Rome is UTC+1 in winter and UTC+2 in summer', () => {
    expect(zoneOffsetMs(Date.UTC(2026, 0, 15, 12), 'Europe/Rome')).toBe(3_600_000);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 15, 12), 'Europe/Rome')).toBe(7_200_000);
    expect(zoneOffsetMs(Date.UTC(2026, 6, 15, 12), 'UTC')).toBe(0);
  });

  it('shifts an instant to its wall-clock time, exactly across a DST change', () => {
    // 2026-03-29 01:00Z is 03:00 CEST; one second earlier is 01:59:59 CET.
    expect(toWallClock(new Date('2026-03-29T01:00:00Z'), 'Europe/Rome').toISOString()).toBe('2026-03-29T03:00:00.000Z');
    expect(toWallClock(new Date('2026-03-29T00:59:59Z'), 'Europe/Rome').toISOString()).toBe('2026-03-29T01:59:59.000Z');
    expect(toWallClock(new Date('2026-05-01T10:30:15.250Z'), 'Asia/Kolkata').toISOString()).toBe(
      '2026-05-01T16:00:15.250Z',
    );
  });

  it('finds the first instant of a local day, including 23- and 25-hour days', () => {
    expect(startOfDay('2026-05-01', 'Europe/Rome').toISOString()).toBe('2026-04-30T22:00:00.000Z');
    expect(startOfDay('2026-01-10', 'Europe/Rome').toISOString()).toBe('2026-01-09T23:00:00.000Z');
    expect(
      startOfNextDay('2026-03-29', 'Europe/Rome').getTime() - startOfDay('2026-03-29', 'Europe/Rome').getTime(),
    ).toBe(23 * 3_600_000);
    expect(
      startOfNextDay('2026-10-25', 'Europe/Rome').getTime() - startOfDay('2026-10-25', 'Europe/Rome').getTime(),
    ).toBe(25 * 3_600_000);
    expect(startOfNextDay('2026-12-31', 'UTC').toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});
