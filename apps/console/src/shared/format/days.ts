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

/** A wall-clock time `YYYY-MM-DDTHH:mm[:ss]` of a time zone (a datetime-local input), as an instant. */
export function zonedInstant(local: string, timeZone = TIME_ZONE): Date {
  const [day, time = '00:00'] = local.split('T');
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm, ss = 0] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm, ss);
  // The zone's offset at that moment: read the wall clock the zone shows for the UTC guess.
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(wall))
      .map((p) => [p.type, p.value]),
  );
  const shown = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return new Date(wall - (shown - wall));
}

/** The last second of a calendar day in a time zone, as an instant (e.g. an API key valid through that day). */
export function endOfDay(day: string, timeZone = TIME_ZONE): Date {
  return zonedInstant(`${day}T23:59:59`, timeZone);
}
