import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { Type } from 'class-transformer';

import { IsInt, IsObject, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';

import { ActorEnvelope } from '../common/actor';
import { IsE164 } from '../common/validators';
import { DayTimeZone, PageCursor, PageLimit, PeriodFrom, PeriodTo } from '../common/query-fields';

import { MESSAGE_STATUSES, MessageStatus } from '../messaging/messaging.events';

export const HISTORY_DEFAULT_LIMIT = 50;
export const HISTORY_MAX_LIMIT = 500;

/** Filters shared by the history list and the receipts export. */
export class MessageFilter {
  @PeriodFrom()
  from?: string;

  @PeriodTo()
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

  @DayTimeZone('IANA time zone for day bounds and export times')
  timeZone?: string;
}

export class HistoryQuery extends MessageFilter {
  @PageLimit(HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT)
  limit?: number;

  @PageCursor()
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
