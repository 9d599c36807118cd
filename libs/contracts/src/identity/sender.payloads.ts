import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { ActorEnvelope } from '../common/actor';
import { PageQuery } from '../common/page';
import { E164_PATTERN, IsSenderName } from '../common/validators';

/**
 * A sender on an account's list. Numeric (E.164): `unverified` until the code sent to the number
 * comes back, then `verified`. Alphanumeric: `pending` until an operator approves (`approved`) or
 * rejects (`rejected`) it. Only `verified` and `approved` senders may be used.
 */
export const SENDER_STATUSES = ['unverified', 'verified', 'pending', 'approved', 'rejected'] as const;
export type SenderStatus = (typeof SENDER_STATUSES)[number];
export const USABLE_SENDER_STATUSES: readonly SenderStatus[] = ['verified', 'approved'];

export const SENDER_KINDS = ['numeric', 'alphanumeric'] as const;
export type SenderKind = (typeof SENDER_KINDS)[number];

export function senderKindOf(sender: string): SenderKind {
  return E164_PATTERN.test(sender) ? 'numeric' : 'alphanumeric';
}

export class AddSenderBody {
  @ApiProperty({
    example: 'FioriSRL',
    description: 'Alphanumeric (3–11 of letters, digits, space, dot, dash; one letter at least) or an E.164 number',
  })
  @IsSenderName()
  sender: string;
}

export class VerifySenderBody {
  @ApiProperty({ example: '482913', description: 'The 6-digit code sent by SMS to the number' })
  @Matches(/^[0-9]{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

export class SenderEntryView {
  @ApiProperty({ format: 'uuid', example: '7c1e9a52-3b0d-4f6e-8a21-5d9c0b4e7f13' }) id: string;
  @ApiProperty({ example: 'FioriSRL' }) sender: string;
  @ApiProperty({ enum: SENDER_KINDS, example: 'alphanumeric' }) kind: SenderKind;
  @ApiProperty({
    enum: SENDER_STATUSES,
    example: 'pending',
    description: 'unverified/verified (numbers), pending/approved/rejected (names); only verified and approved send',
  })
  status: SenderStatus;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T08:15:00.000Z' }) createdAt: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: null,
    description: 'When it was verified, approved or rejected',
  })
  decidedAt: string | null;
}

export class SenderEntryPage {
  @ApiProperty({ type: [SenderEntryView] }) items: SenderEntryView[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

/** The operator's view: whose sender it is. */
export class AdminSenderView extends SenderEntryView {
  @ApiProperty({ format: 'uuid', example: '2f6d1c0a-9b8e-4d7c-a6f5-e4d3c2b1a0f9' }) accountId: string;
  @ApiProperty({ type: String, nullable: true, example: 'Fiori di Sanremo S.r.l.' }) company: string | null;
}

export class AdminSenderPage {
  @ApiProperty({ type: [AdminSenderView] }) items: AdminSenderView[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export class SenderCodeSent {
  @ApiProperty({ format: 'uuid', example: '7c1e9a52-3b0d-4f6e-8a21-5d9c0b4e7f13' }) id: string;
  @ApiProperty({ example: '2026-11-30T08:45:00.000Z', description: 'The code is accepted until then' })
  expiresAt: string;
}

export class SenderListQuery extends PageQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    example: '0b5c5b0e-8f1e-4c3a-9d61-2f0a7f1c9e21',
    description: 'Owners: the list of one of my sub-accounts',
  })
  @IsOptional()
  @IsUUID()
  subAccountId?: string;
}

export class AdminSenderListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SENDER_STATUSES, example: 'pending' })
  @IsOptional()
  @IsIn(SENDER_STATUSES as unknown as string[], { message: `status must be one of ${SENDER_STATUSES.join(', ')}` })
  status?: SenderStatus;
}

export class SenderIdParam {
  @ApiProperty({ format: 'uuid', example: '7c1e9a52-3b0d-4f6e-8a21-5d9c0b4e7f13' })
  @IsUUID()
  id: string;
}

export class AdminDecisionBody {
  @ApiPropertyOptional({ example: 'Company registration checked', description: 'A note kept with the decision' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class ListSendersCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => SenderListQuery)
  query: SenderListQuery;
}

export class AddSenderCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => AddSenderBody)
  body: AddSenderBody;
}

export class SenderCommand extends ActorEnvelope {
  @IsUUID()
  senderId: string;
}

export class VerifySenderCommand extends SenderCommand {
  @IsObject()
  @ValidateNested()
  @Type(() => VerifySenderBody)
  body: VerifySenderBody;
}

/** Messaging → identity at each send: the sender to use, or 422 sender-not-approved. */
export class ResolveSenderQuery extends ActorEnvelope {
  @IsOptional()
  @IsSenderName()
  sender?: string;
}

export class ResolvedSender {
  sender: string;
}

/** Gateway (operator API, ADMIN_TOKEN checked there) → identity. */
export class AdminListSendersQuery {
  @IsObject()
  @ValidateNested()
  @Type(() => AdminSenderListQuery)
  query: AdminSenderListQuery;
}

export const ADMIN_DECISIONS = ['approve', 'reject'] as const;
export type AdminDecision = (typeof ADMIN_DECISIONS)[number];

export class AdminDecideSenderCommand {
  @IsUUID()
  senderId: string;

  @IsIn(ADMIN_DECISIONS as unknown as string[])
  decision: AdminDecision;

  @IsObject()
  @ValidateNested()
  @Type(() => AdminDecisionBody)
  body: AdminDecisionBody;
}
