import { wholeMonths } from './usage-summary.repository';

describe('wholeMonths', () => {
  it('takes the months wholly inside the period', () => {
    expect(wholeMonths('2026-01-01', '2026-12-31')).toEqual({ start: '2026-01-01', end: '2027-01-01' });
    expect(wholeMonths('2026-01-15', '2026-04-10')).toEqual({ start: '2026-02-01', end: '2026-04-01' });
    expect(wholeMonths('2026-02-01', '2026-02-28')).toEqual({ start: '2026-02-01', end: '2026-03-01' });
    expect(wholeMonths('2028-02-01', '2028-02-28')).toBeNull(); // leap year: the 29th is missing
  });

  it('is null when no month is whole', () => {
    expect(wholeMonths('2026-04-30', '2026-05-15')).toBeNull();
    expect(wholeMonths('2026-05-02', '2026-05-31')).toBeNull();
  });
});
