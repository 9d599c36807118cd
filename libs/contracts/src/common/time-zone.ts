// Time-zone arithmetic with Intl only (no tz database dependency). Offsets are cached per
// zone and hour: an export converts up to millions of timestamps.

const HOUR_MS = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
/** zone → hour bucket → offset. */
const offsets = new Map<string, Map<number, number>>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function computeOffset(utcMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** Milliseconds to add to a UTC instant to get the wall-clock time in `timeZone`. */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  // Zone transitions happen on whole quarter hours in every current zone; one hour buckets
  // with a check of both ends stay exact.
  const bucket = Math.floor(utcMs / HOUR_MS);
  let zone = offsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  let off = zone.get(bucket);
  if (off === undefined) {
    const start = computeOffset(bucket * HOUR_MS, timeZone);
    const end = computeOffset(bucket * HOUR_MS + HOUR_MS - 1000, timeZone);
    off = start === end ? start : Number.NaN;
    if (zone.size > 100_000) zone.clear();
    zone.set(bucket, off);
  }
  return Number.isNaN(off) ? computeOffset(utcMs, timeZone) : off;
}

/**
 * The instant shown as `date` in `timeZone`, shifted so that its UTC fields read as the local
 * wall-clock time. Excel dates carry no zone: this is how "Europe/Rome time" gets into a cell.
 */
export function toWallClock(date: Date, timeZone: string): Date {
  return new Date(date.getTime() + zoneOffsetMs(date.getTime(), timeZone));
}

/** The first instant of the calendar day `YYYY-MM-DD` in `timeZone` (handles DST days). */
export function startOfDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  let t = guess - zoneOffsetMs(guess, timeZone);
  const corrected = guess - zoneOffsetMs(t, timeZone);
  if (corrected !== t) t = corrected;
  return new Date(t);
}

/** The first instant of the day after `day` in `timeZone`. */
export function startOfNextDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return startOfDay(next, timeZone);
}
