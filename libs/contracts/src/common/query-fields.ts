import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

import { DEFAULT_TIME_ZONE, IsDayOrInstant, IsTimeZone } from './date-filters';

/**
 * The query fields every dated list shares (`?from&to&timeZone&limit&cursor`), declared once with
 * their OpenAPI description and their validation, so that /history, /campaigns and /inbox cannot
 * drift apart.
 */

/** `?from=`: a day or an instant, inclusive. */
export const PeriodFrom = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      description:
        'Start: a day (YYYY-MM-DD, from its first instant in timeZone; see "Dates") or an ISO 8601 instant; inclusive',
      example: '2026-05-01',
    }),
    IsOptional(),
    IsDayOrInstant(),
  );

/** `?to=`: a day or an instant, inclusive. */
export const PeriodTo = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      description:
        'End: a day (YYYY-MM-DD, up to its last instant in timeZone) or an ISO 8601 instant; inclusive. from=to=a day gives that day',
      example: '2026-05-31',
    }),
    IsOptional(),
    IsDayOrInstant(),
  );

/** `?timeZone=`: the IANA zone the days of from/to are read in. */
export const DayTimeZone = (description = 'IANA time zone of the day bounds'): PropertyDecorator =>
  applyDecorators(ApiPropertyOptional({ default: DEFAULT_TIME_ZONE, description }), IsOptional(), IsTimeZone());

/** `?limit=`: page size, 1 to `max`. */
export const PageLimit = (defaultLimit: number, max: number): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ default: defaultLimit, minimum: 1, maximum: max }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: 'limit must be a whole number' }),
    Min(1),
    Max(max),
  );

/** `?cursor=`: the opaque `nextCursor` of the previous page (base64url). */
export const PageCursor = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({ description: 'nextCursor of the previous page' }),
    IsOptional(),
    IsString(),
    MaxLength(200),
    Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor is not a cursor returned by this API' }),
  );
