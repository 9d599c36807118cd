import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsISO8601,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ActorEnvelope } from './sub-account.payloads';

/** `?limit=&cursor=` of every list (keyset pagination). */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}

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
