import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { Type } from 'class-transformer';

import {
  IsBoolean,
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
} from 'class-validator';

import { ActorEnvelope } from '../common/actor';
import { DEFAULT_TIME_ZONE, IsDayOrInstant, IsTimeZone } from '../reporting/history.payloads';
import { MESSAGE_STATUSES, MessageStatus } from './messaging.events';

export const CAMPAIGNS_DEFAULT_LIMIT = 50;
export const CAMPAIGNS_MAX_LIMIT = 500;

/** `GET /campaigns`: the same date filters as /history, on the campaign's submission time. */
export class CampaignsQuery {
  @ApiPropertyOptional({
    description: 'Start: a day (YYYY-MM-DD, from its first instant in timeZone) or an ISO 8601 instant; inclusive',
    example: '2026-05-01',
  })
  @IsOptional()
  @IsDayOrInstant()
  from?: string;

  @ApiPropertyOptional({
    description: 'End: a day (YYYY-MM-DD, up to its last instant in timeZone) or an ISO 8601 instant; inclusive',
    example: '2026-05-31',
  })
  @IsOptional()
  @IsDayOrInstant()
  to?: string;

  @ApiPropertyOptional({ default: DEFAULT_TIME_ZONE, description: 'IANA time zone of the day bounds' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Owners: one of your sub-accounts' campaigns instead of yours" })
  @IsOptional()
  @IsUUID('all', { message: 'subAccountId must be a UUID' })
  subAccountId?: string;

  @ApiPropertyOptional({ default: CAMPAIGNS_DEFAULT_LIMIT, minimum: 1, maximum: CAMPAIGNS_MAX_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(CAMPAIGNS_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor is not a cursor returned by this API' })
  cursor?: string;
}

export class ListCampaignsCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => CampaignsQuery)
  query: CampaignsQuery;
}

/** GET or DELETE /campaigns/{id}: the actor's campaign, or (owners) one of a sub-account's. */
export class CampaignCommand extends ActorEnvelope {
  @IsUUID()
  campaignId: string;
}

export type CampaignCounts = Partial<Record<MessageStatus, number>>;

export class CampaignView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The account that sent it (a sub-account for its campaigns)' })
  accountId: string;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String }) scheduledAt: string | null;
  @ApiPropertyOptional({ format: 'date-time', nullable: true, type: String, description: 'When it was cancelled' })
  cancelledAt: string | null;
  @ApiProperty({ example: 'ACME' }) sender: string;
  @ApiProperty({ example: 120, description: 'Distinct recipients' }) recipients: number;
  @ApiProperty({ example: 1, description: 'Segments of one message' }) segments: number;
  @ApiProperty({ example: 120, description: 'recipients × segments, before refunds' }) creditsCharged: number;
  @ApiProperty({
    description: 'Messages per status (statuses with none are omitted)',
    example: { delivered: 117, failed: 2, queued: 1 },
    type: 'object',
    additionalProperties: { type: 'integer' },
    properties: Object.fromEntries(MESSAGE_STATUSES.map((s) => [s, { type: 'integer' }])),
  })
  counts: CampaignCounts;
}

export class CampaignPage {
  @ApiProperty({ type: [CampaignView] }) items: CampaignView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

/**
 * From the wallet when a sub-account is (de)activated: inactive → its queued and scheduled
 * messages are cancelled (credits refunded) and it can no longer store a campaign.
 */
export class SetSendingActiveCommand {
  @IsUUID()
  accountId: string;

  @IsBoolean()
  active: boolean;
}

export class SetSendingActiveResult {
  accountId: string;
  active: boolean;
  /** Messages moved to `cancelled` by this call (0 on a repeat). */
  cancelledMessages: number;
}

export class CampaignIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID(undefined, { message: 'id must be a UUID' })
  id: string;
}
