import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { Type } from 'class-transformer';

import {
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  ValidationOptions,
  registerDecorator,
} from 'class-validator';

import { ActorEnvelope } from '../common/actor';
import { IsE164 } from '../common/validators';

import { MESSAGE_STATUSES, MessageStatus } from '../messaging/messaging.events';

export const DEFAULT_TIME_ZONE = 'Europe/Rome';

/** The one rule for every `from`/`to` filter of the API, stated once in the OpenAPI description. */
export const DATE_FILTER_RULE =
  'Dates: every `from`/`to` filter takes a day `YYYY-MM-DD` or an ISO 8601 instant with its offset. A day is a ' +
  "calendar day in the account's time zone (`timeZone`, an IANA name, Europe/Rome unless given): `from` starts at " +
  'its first instant, `to` ends at its last, so `from=to=2026-05-01` is that whole day. Instants are taken as given.';
export const HISTORY_DEFAULT_LIMIT = 50;
export const HISTORY_MAX_LIMIT = 500;

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

/** Filters shared by the history list and the receipts export. */
export class MessageFilter {
  @ApiPropertyOptional({
    description:
      'Start: a day (YYYY-MM-DD, from its first instant in timeZone; see "Dates") or an ISO 8601 instant; inclusive',
    example: '2026-05-01',
  })
  @IsOptional()
  @IsDayOrInstant()
  from?: string;

  @ApiPropertyOptional({
    description:
      'End: a day (YYYY-MM-DD, up to its last instant in timeZone) or an ISO 8601 instant; inclusive. from=to=a day gives that day',
    example: '2026-05-31',
  })
  @IsOptional()
  @IsDayOrInstant()
  to?: string;

  @ApiPropertyOptional({ example: '+393331234567', description: 'Only messages to this E.164 number' })
  @IsOptional()
  @IsE164()
  recipient?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'Only messages of campaigns with at least this many recipients' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'minCampaignSize must be a whole number' })
  @Min(1)
  @Max(1_000_000)
  minCampaignSize?: number;

  @ApiPropertyOptional({ default: DEFAULT_TIME_ZONE, description: 'IANA time zone for day bounds and export times' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

export class HistoryQuery extends MessageFilter {
  @ApiPropertyOptional({ default: HISTORY_DEFAULT_LIMIT, minimum: 1, maximum: HISTORY_MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(HISTORY_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor is not a cursor returned by this API' })
  cursor?: string;
}

/** Whose history: the actor's own account, or (owners only) one of its sub-accounts. */
export class HistoryCommand extends ActorEnvelope {
  @IsOptional()
  @IsUUID()
  subAccountId?: string;

  @IsObject()
  @ValidateNested()
  @Type(() => HistoryQuery)
  query: HistoryQuery;
}

export class MessageView {
  @ApiProperty({ format: 'uuid', example: '0b5c7a52-3f0e-4c1e-9d8e-6a2f4b1c9e10' }) id: string;
  @ApiProperty({ format: 'uuid', example: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f' }) campaignId: string;
  @ApiProperty({ example: '+393331234567' }) recipient: string;
  @ApiProperty({ example: 'ACME' }) sender: string;
  @ApiProperty({ example: 'Il tuo ordine è pronto al ritiro.' }) text: string;
  @ApiProperty({ example: 1 }) segments: number;
  @ApiProperty({ enum: MESSAGE_STATUSES, example: 'delivered' }) status: MessageStatus;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T09:15:00.000Z' }) submittedAt: string;
  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-30T09:15:04.000Z' }) deliveredAt?: string;
  @ApiPropertyOptional({ example: 'SIM-FAILED' }) errorCode?: string;
}

export class HistoryPage {
  @ApiProperty({ type: [MessageView] }) items: MessageView[];
  @ApiProperty({ nullable: true, type: String, example: 'eyJjIjoiMjAyNi0xMS0zMFQwOToxNTowMFoiLCJpIjoiMGI1YyJ9' })
  nextCursor: string | null;
}
