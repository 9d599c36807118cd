import { startOfDay } from '@sms/contracts';

/** First instants of last month, this month and next month, as calendar months in `timeZone`. */
export function calendarMonths(now: Date, timeZone: string): { lastStart: Date; thisStart: Date; nextStart: Date } {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' })
    .format(now)
    .split('-')
    .map(Number);
  const first = (year: number, month: number) => {
    const d = new Date(Date.UTC(year, month - 1, 1));
    return startOfDay(d.toISOString().slice(0, 10), timeZone);
  };
  return { lastStart: first(y, m - 1), thisStart: first(y, m), nextStart: first(y, m + 1) };
}
