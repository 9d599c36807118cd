import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { Type } from 'class-transformer';

import { IsIn, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Matches, ValidateNested } from 'class-validator';

import { ActorEnvelope, Role, ROLES } from '../common/actor';
import { event } from '../common/event';
import { PageQuery } from '../common/page';

/**
 * Every audited action of the API. Adding one is a line here and `@Audited(...)` on the
 * gateway route (see apps/gateway/src/audit).
 */
export const AUDIT_ACTIONS = [
  'account.billing.update',
  'account.contact.update',
  'account.password.change',
  'account.sender.update',
  'account.balance-alert.update',
  'sub-account.create',
  'sub-account.update',
  'sub-account.credit',
  'sub-account.reset',
  'sub-account.deactivate',
  'sub-account.activate',
  'purchase.create',
  'invoice.pay',
  'sender.add',
  'sender.verify',
  'sender.remove',
  'api-key.create',
  'api-key.revoke',
  'webhook.create',
  'webhook.update',
  'webhook.rotate-secret',
  'webhook.delete',
  'opt-out.add',
  'opt-out.remove',
  'campaign.cancel',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_TARGETS = ['account', 'sub-account', 'invoice', 'sender', 'api-key', 'webhook', 'campaign'] as const;
export type AuditTargetType = (typeof AUDIT_TARGETS)[number];

export class AuditActorView {
  @ApiProperty({ format: 'uuid', example: 'a3e4f5d6-7b8c-4d9e-8f0a-1b2c3d4e5f60' }) userId: string;
  @ApiProperty({ enum: ROLES, example: 'owner' }) role: Role;
  @ApiProperty({
    format: 'uuid',
    description: 'The account the user belongs to (a manager: its sub-account)',
    example: '6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c',
  })
  accountId: string;
}

export class AuditTargetView {
  @ApiProperty({ enum: AUDIT_TARGETS, example: 'sub-account' }) type: AuditTargetType;
  @ApiProperty({ example: '6f1c2d8e-5b7a-4c3e-9d2f-0a1b2c3d4e5f' }) id: string;
}

export interface AuditChange {
  from: unknown;
  to: unknown;
}

export class AuditEventActor {
  @IsUUID() userId: string;
  @IsString() role: Role;
  @IsUUID() accountId: string;
}

export class AuditEventTarget {
  @IsString() type: AuditTargetType;
  @IsString() id: string;
}

export class AuditRecordedEvent {
  /** The owner account whose chain holds the entry. */
  @IsUUID() accountId: string;
  /** The sub-account the action concerned (acted on by the owner, or by its manager); null otherwise. */
  @IsOptional() @IsUUID() subAccountId: string | null;
  @IsISO8601() at: string;
  @IsObject() @ValidateNested() @Type(() => AuditEventActor) actor: AuditEventActor;
  @IsString() action: AuditAction;
  @IsObject() @ValidateNested() @Type(() => AuditEventTarget) target: AuditEventTarget;
  /** For edits: the fields that changed, never a password, token or secret. */
  @IsOptional() @IsObject() changes?: Record<string, AuditChange>;
  @IsString() requestId: string;
  @IsString() ip: string;
}
export type AuditRecordedData = AuditRecordedEvent;

/** JetStream event published by the gateway before it answers an audited request. */
export const AuditEvents = { recorded: event('gateway', 'audit.recorded.v1', AuditRecordedEvent) };

// Years 1970-2999: PostgreSQL has no year 0, and JavaScript writes year 10000 as "+010000".
const DAY = /^(19[7-9]\d|2\d{3})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class AuditLogQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'First day (YYYY-MM-DD, account time zone), inclusive', example: '2026-05-01' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a day YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'Last day (YYYY-MM-DD, account time zone), inclusive', example: '2026-05-31' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a day YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only actions by this user id' })
  @IsOptional()
  @IsUUID()
  actor?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS as unknown as string[])
  action?: AuditAction;

  @ApiPropertyOptional({ format: 'uuid', description: 'Owners: only what concerned this sub-account' })
  @IsOptional()
  @IsUUID()
  subAccountId?: string;
}

export class AuditLogCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => AuditLogQuery)
  query: AuditLogQuery;
}

export class AuditEntryView {
  @ApiProperty({ format: 'uuid', example: '0b5c7a52-3f0e-4c1e-9d8e-6a2f4b1c9e10' }) id: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T09:15:00.000Z' }) at: string;
  @ApiProperty({ type: AuditActorView }) actor: AuditActorView;
  @ApiProperty({ enum: AUDIT_ACTIONS, example: 'sub-account.credit' }) action: AuditAction;
  @ApiProperty({ type: AuditTargetView }) target: AuditTargetView;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, example: 'd4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70' })
  subAccountId: string | null;
  @ApiPropertyOptional({
    description: 'For edits: field → {from, to}',
    example: { city: { from: 'Roma', to: 'Milano' } },
  })
  changes?: Record<string, AuditChange>;
  @ApiProperty({ example: '0b6f7c1e-2f4d-4a7b-8d9e-1c2b3a4d5e6f' }) requestId: string;
  @ApiProperty({ example: '203.0.113.7' }) ip: string;
}

export class AuditLogPage {
  @ApiProperty({ type: [AuditEntryView] }) items: AuditEntryView[];
  @ApiProperty({ nullable: true, type: String, example: 'eyJjIjoiMjAyNi0xMS0zMFQwOToxNTowMFoiLCJpIjoiMGI1YyJ9' })
  nextCursor: string | null;
}

export class AuditVerifyResult {
  @ApiProperty({ example: true }) intact: boolean;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The first entry whose hash or link does not hold',
    example: '0b5c7a52-3f0e-4c1e-9d8e-6a2f4b1c9e10',
  })
  brokenAt?: string;
  @ApiProperty({ example: 1234, description: 'Entries checked' }) entries: number;
}
