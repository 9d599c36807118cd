import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { Transform, Type } from 'class-transformer';

import { IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';

import { ActorEnvelope } from '../common/actor';
import { IsE164 } from '../common/validators';
import { DayTimeZone, PageCursor, PageLimit, PeriodFrom, PeriodTo } from '../common/query-fields';

export const INBOX_DEFAULT_LIMIT = 50;
export const INBOX_MAX_LIMIT = 500;

/** A `+` left unencoded in a query string arrives as a space: `?phone=+39…` still means +39…. */
const plusFromQuery = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^ \d+$/.test(value) ? `+${value.slice(1)}` : value;

/** `?subAccountId&limit&cursor`, shared by the inbox and the opt-out list. */
class ScopedPageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Owners: one of your sub-accounts' instead of yours" })
  @IsOptional()
  @IsUUID('all', { message: 'subAccountId must be a UUID' })
  subAccountId?: string;

  @PageLimit(INBOX_DEFAULT_LIMIT, INBOX_MAX_LIMIT)
  limit?: number;

  @PageCursor()
  cursor?: string;
}

/** `GET /inbox`: the same date filters as /history, on the time the reply was received. */
export class InboxQuery extends ScopedPageQuery {
  @PeriodFrom()
  from?: string;

  @PeriodTo()
  to?: string;

  @DayTimeZone()
  timeZone?: string;
}

export class ListInboxCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => InboxQuery)
  query: InboxQuery;
}

export class InboxMessageView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '+393331234567', description: 'The handset that replied' }) from: string;
  @ApiProperty({ example: '+393400000100', description: 'The number it replied to (the shared number)' }) to: string;
  @ApiProperty({ example: 'Yes, see you at 10' }) text: string;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The sub-account it was routed to (absent for an owner’s own)' })
  subAccountId?: string;
}

export class InboxPage {
  @ApiProperty({ type: [InboxMessageView] }) items: InboxMessageView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

/** `GET /account/opt-outs`. */
export class OptOutsQuery extends ScopedPageQuery {}

export class ListOptOutsCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => OptOutsQuery)
  query: OptOutsQuery;
}

/** `POST /account/opt-outs` body. */
export class OptOutBody {
  @ApiProperty({ example: '+393331234567', description: 'E.164 number that must not receive messages any more' })
  @IsE164()
  phone: string;
}

/** `?subAccountId=` of POST /account/opt-outs. */
export class OptOutScopeQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Owners: one of your sub-accounts' list instead of yours" })
  @IsOptional()
  @IsUUID('all', { message: 'subAccountId must be a UUID' })
  subAccountId?: string;
}

/** `DELETE /account/opt-outs?phone=&subAccountId=`. */
export class RemoveOptOutQuery extends OptOutScopeQuery {
  @ApiProperty({ example: '+393331234567', description: 'E.164 number (encode `+` as %2B)' })
  @Transform(plusFromQuery)
  @IsE164()
  phone: string;
}

/** POST or DELETE one number of a list: the actor's own, or (owners) a sub-account's. */
export class OptOutCommand extends ActorEnvelope {
  @IsE164()
  phone: string;

  @IsOptional()
  @IsUUID()
  subAccountId?: string;
}

export const OPT_OUT_SOURCES = ['stop', 'manual'] as const;
export type OptOutSource = (typeof OPT_OUT_SOURCES)[number];

export class OptOutView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '+393331234567' }) phone: string;
  @ApiProperty({ enum: OPT_OUT_SOURCES, description: '`stop`: the handset replied STOP; `manual`: added here' })
  source: OptOutSource;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class OptOutPage {
  @ApiProperty({ type: [OptOutView] }) items: OptOutView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
