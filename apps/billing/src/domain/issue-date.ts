/**
 * The calendar date of an instant in the seller's time zone: it is printed on the invoice and
 * its year picks the numbering sequence (23:30 UTC on 31 December is already next year in Rome).
 */
export interface IssueDate {
  /** "YYYY-MM-DD" */
  date: string;
  year: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

export function issueDateOf(instant: Date, timeZone: string): IssueDate {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, fmt);
  }
  const parts = Object.fromEntries(fmt.formatToParts(instant).map((p) => [p.type, p.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return { date, year: Number(parts.year) };
}

/** True for an existing calendar date "YYYY-MM-DD" (rejects 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const d = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return d.toISOString().slice(0, 10) === text;
}
