import { ValidationOptions, registerDecorator } from 'class-validator';

export const DEFAULT_TIME_ZONE = 'Europe/Rome';

/** The one rule for every `from`/`to` filter of the API, stated once in the OpenAPI description. */
export const DATE_FILTER_RULE =
  'Dates: every `from`/`to` filter takes a day `YYYY-MM-DD` or an ISO 8601 instant with its offset. A day is a ' +
  "calendar day in the account's time zone (`timeZone`, an IANA name, Europe/Rome unless given): `from` starts at " +
  'its first instant, `to` ends at its last, so `from=to=2026-05-01` is that whole day. Instants are taken as given.';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A calendar day `YYYY-MM-DD` (in the query's time zone) or an ISO 8601 instant with its offset. */
export function isDayOrInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const day = DAY.exec(value);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && y >= 1970;
  }
  return INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function decorator(name: string, message: string, validate: (v: unknown) => boolean) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target, propertyName) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: propertyName as string,
        options: { message, ...options },
        validator: { validate },
      });
}

export const IsDayOrInstant = decorator(
  'isDayOrInstant',
  '$property must be a day (YYYY-MM-DD) or an ISO 8601 date-time with offset, e.g. 2026-05-01T00:00:00Z',
  isDayOrInstant,
);
export const IsTimeZone = decorator('isTimeZone', '$property must be an IANA time zone, e.g. Europe/Rome', isTimeZone);
