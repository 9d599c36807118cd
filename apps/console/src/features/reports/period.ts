import { dayIn, monthRanges, type DayRange } from '../../shared/format/days';
import { TIME_ZONE } from '../../shared/i18n/i18n';

export type Preset = 'thisMonth' | 'lastMonth' | 'last30';
export const PRESETS: Preset[] = ['thisMonth', 'lastMonth', 'last30'];

/** A preset period as calendar days of the account's time zone (the days the API reads). */
export function presetRange(preset: Preset, now: Date, timeZone = TIME_ZONE): DayRange {
  if (preset !== 'last30') return monthRanges(now, timeZone)[preset];
  const today = dayIn(now, timeZone);
  const [y, m, d] = today.split('-').map(Number);
  const from = new Date(Date.UTC(y, m - 1, d - 29));
  return { from: from.toISOString().slice(0, 10), to: today };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A period the API accepts: two days, the first not after the last. */
export function validPeriod(r: Partial<DayRange>): r is DayRange {
  return !!r.from && !!r.to && DAY.test(r.from) && DAY.test(r.to) && r.from <= r.to;
}

/** The share delivered as a percentage for people ("95,96 %"), or a dash when none is final yet. */
export function rateText(rate: number | null, locale: string): string {
  if (rate === null) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(rate);
}

/** A group's key for people: a day or a month in the locale ("30/11/2026", "novembre 2026"). */
export function periodLabel(key: string, groupBy: 'day' | 'month', locale: string): string {
  const [y, m, d = 1] = key.split('-').map(Number);
  const noon = new Date(Date.UTC(y, m - 1, d, 12));
  const options: Intl.DateTimeFormatOptions =
    groupBy === 'day' ? { dateStyle: 'medium', timeZone: 'UTC' } : { month: 'long', year: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale, options).format(noon);
}
