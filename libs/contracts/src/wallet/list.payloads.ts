import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { PageQuery } from '../common/page';
import { ActorEnvelope } from '../common/actor';

export class TransactionsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  subAccountId?: string;

  @ApiPropertyOptional({ description: 'Inclusive: a date (YYYY-MM-DD, from its start, UTC) or an ISO 8601 instant' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Inclusive: a date (YYYY-MM-DD, to its end, UTC) or an ISO 8601 instant' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;
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
