import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { PageQuery } from '../common/page';
import { ActorEnvelope } from '../common/actor';
import { DayTimeZone, PeriodFrom, PeriodTo } from '../common/query-fields';

export class TransactionsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  subAccountId?: string;

  @PeriodFrom()
  from?: string;

  @PeriodTo()
  to?: string;

  @DayTimeZone('IANA time zone of the days in from/to')
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
