import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { Type } from 'class-transformer';

import { IsIn, IsObject, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';

import { ActorEnvelope } from '../common/actor';

export const SUMMARY_GROUPS = ['day', 'month', 'subAccount'] as const;
export type SummaryGroupBy = (typeof SUMMARY_GROUPS)[number];

/** Final statuses counted per group; cancelled and blocked stay 0 until messaging reports them. */
export const SUMMARY_STATUSES = ['delivered', 'failed', 'expired', 'cancelled', 'blocked'] as const;
export type SummaryStatus = (typeof SUMMARY_STATUSES)[number];

// Years 1970-2999: PostgreSQL has no year 0, and JavaScript writes year 10000 as "+010000".
const DAY = /^(19[7-9]\d|2\d{3})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** `GET /reports/summary` (and `.xlsx`): whole days in the account's time zone, both inclusive. */
export class SummaryQuery {
  @ApiProperty({ description: 'First day (YYYY-MM-DD, account time zone), inclusive', example: '2026-01-01' })
  @Matches(DAY, { message: 'from must be a day YYYY-MM-DD' })
  from: string;

  @ApiProperty({ description: 'Last day (YYYY-MM-DD, account time zone), inclusive', example: '2026-12-31' })
  @Matches(DAY, { message: 'to must be a day YYYY-MM-DD' })
  to: string;

  @ApiPropertyOptional({ enum: SUMMARY_GROUPS, default: 'day' })
  @IsOptional()
  @IsIn(SUMMARY_GROUPS as unknown as string[])
  groupBy?: SummaryGroupBy;

  @ApiPropertyOptional({ format: 'uuid', description: 'Owners only: one of your sub-accounts' })
  @IsOptional()
  @IsUUID()
  subAccountId?: string;
}

export class SummaryCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => SummaryQuery)
  query: SummaryQuery;
}

export class SummaryByStatus {
  @ApiProperty({ example: 95 }) delivered: number;
  @ApiProperty({ example: 3 }) failed: number;
  @ApiProperty({ example: 1 }) expired: number;
  @ApiProperty({ example: 0 }) cancelled: number;
  @ApiProperty({ example: 0 }) blocked: number;
}

export class SummaryGroup {
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The day (YYYY-MM-DD), the month (YYYY-MM), or the sub-account id (null: your own traffic)',
    example: '2026-05-01',
  })
  key: string | null;
  @ApiProperty({ example: 100 }) messages: number;
  @ApiProperty({ example: 120 }) segments: number;
  @ApiProperty({ example: 120 }) creditsCharged: number;
  @ApiProperty({ example: 5 }) creditsRefunded: number;
  @ApiProperty({ example: 115 }) netCredits: number;
  @ApiProperty({ type: SummaryByStatus }) byStatus: SummaryByStatus;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 0.9596,
    description: 'delivered / (delivered + failed + expired), 4 decimals; null when none has a final carrier status',
  })
  deliveryRate: number | null;
}

export class UsageSummary {
  @ApiProperty({ example: '2026-05-01' }) from: string;
  @ApiProperty({ example: '2026-05-31' }) to: string;
  @ApiProperty({ enum: SUMMARY_GROUPS, example: 'month' }) groupBy: SummaryGroupBy;
  @ApiProperty({ example: 'Europe/Rome' }) timeZone: string;
  @ApiProperty({ type: [SummaryGroup], description: 'Groups with traffic, in key order' })
  items: SummaryGroup[];
  @ApiProperty({ type: SummaryGroup, description: 'All groups added up (key null)' })
  total: SummaryGroup;
}

/** The summary as a workbook (a few hundred rows at most: it fits one NATS reply). */
export class SummaryWorkbook {
  fileName: string;
  /** The .xlsx bytes, base64. */
  base64: string;
}
