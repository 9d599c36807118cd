import { TIME_ZONE } from '../i18n/i18n';

/** A calendar day `YYYY-MM-DD` in the account's time zone, as the API's date filters read it. */
export function dayIn(date: Date, timeZone = TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

export interface DayRange {
  from: string;
  to: string;
}

/** This month so far and the whole previous month, in the account's time zone. */
export function monthRanges(now: Date, timeZone = TIME_ZONE): { thisMonth: DayRange; lastMonth: DayRange } {
  const today = dayIn(now, timeZone);
  const [y, m] = today.split('-').map(Number);
  const pad = (n: number) => String(n).padStart(2, '0');
  const prevY = m === 1 ? y - 1 : y;
  const prevM = m === 1 ? 12 : m - 1;
  const lastDay = new Date(Date.UTC(prevY, prevM, 0)).getUTCDate();
  return {
    thisMonth: { from: `${y}-${pad(m)}-01`, to: today },
    lastMonth: { from: `${prevY}-${pad(prevM)}-01`, to: `${prevY}-${pad(prevM)}-${pad(lastDay)}` },
  };
}
