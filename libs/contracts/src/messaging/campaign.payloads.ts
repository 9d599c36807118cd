import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { Type } from 'class-transformer';

import { IsBoolean, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';

import { ActorEnvelope } from '../common/actor';
import { DayTimeZone, PageCursor, PageLimit, PeriodFrom, PeriodTo } from '../common/query-fields';
import { MESSAGE_STATUSES, MessageStatus } from './messaging.events';

export const CAMPAIGNS_DEFAULT_LIMIT = 50;
export const CAMPAIGNS_MAX_LIMIT = 500;

/** `GET /campaigns`: the same date filters as /history, on the campaign's submission time. */
export class CampaignsQuery {
  @PeriodFrom()
  from?: string;

  @PeriodTo()
  to?: string;

  @DayTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Owners: one of your sub-accounts' campaigns instead of yours" })
  @IsOptional()
  @IsUUID('all', { message: 'subAccountId must be a UUID' })
  subAccountId?: string;

  @PageLimit(CAMPAIGNS_DEFAULT_LIMIT, CAMPAIGNS_MAX_LIMIT)
  limit?: number;

  @PageCursor()
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
