import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { PageQuery } from '../common/page';
import { ActorEnvelope } from '../common/actor';
import { DEFAULT_TIME_ZONE, IsDayOrInstant, IsTimeZone } from '../reporting/history.payloads';

export class TransactionsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  subAccountId?: string;

  @ApiPropertyOptional({
    description:
      'Start, inclusive: a day (YYYY-MM-DD, in timeZone; see "Dates" in the API description) or an ISO 8601 instant',
    example: '2026-05-01',
  })
  @IsOptional()
  @IsDayOrInstant()
  from?: string;

  @ApiPropertyOptional({
    description: 'End, inclusive: a day (YYYY-MM-DD, up to its last instant in timeZone) or an ISO 8601 instant',
    example: '2026-05-31',
  })
  @IsOptional()
  @IsDayOrInstant()
  to?: string;

  @ApiPropertyOptional({ default: DEFAULT_TIME_ZONE, description: 'IANA time zone of the days in from/to' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

export class ListSubAccountsCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => PageQuery)
  page: PageQuery;
}

export class ListTransactionsCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => TransactionsQuery)
  query: TransactionsQuery;
}
