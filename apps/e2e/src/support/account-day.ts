/** The time zone of a new account (API.md): every YYYY-MM-DD filter of the API is a day there. */
export const ACCOUNT_TIME_ZONE = 'Europe/Rome';

/** The calendar day (YYYY-MM-DD) of an instant in the account's time zone; now by default. */
export function accountDay(at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ACCOUNT_TIME_ZONE }).format(at);
}

/** A YYYY-MM-DD day moved by whole days (calendar arithmetic, no time zone involved). */
export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
