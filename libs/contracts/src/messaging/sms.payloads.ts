import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { Type } from 'class-transformer';

import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateNested,
} from 'class-validator';

import { IdempotentActorEnvelope } from '../common/idempotency';
import { AllE164, IsE164, IsSenderName } from '../common/validators';

export const MAX_RECIPIENTS = 10_000;
export const MAX_TEXT_LENGTH = 1_600;

export class SendSmsBody {
  @ApiProperty({
    type: [String],
    example: ['+393331234567'],
    description: `1 to ${MAX_RECIPIENTS} E.164 numbers; duplicates are sent (and charged) once`,
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'to must hold at least one recipient' })
  @ArrayMaxSize(MAX_RECIPIENTS, { message: `to must hold at most ${MAX_RECIPIENTS} recipients` })
  @AllE164({ message: 'each recipient in to must be an E.164 phone number, e.g. +393331234567' })
  to: string[];

  @ApiProperty({ minLength: 1, maxLength: MAX_TEXT_LENGTH, example: 'Hello from ACME' })
  @IsString()
  @Length(1, MAX_TEXT_LENGTH, { message: `text must be 1 to ${MAX_TEXT_LENGTH} characters` })
  text: string;

  @ApiPropertyOptional({
    example: 'ACME',
    description: "Alphanumeric (3–11) or E.164; defaults to the account's default sender, then the platform's",
  })
  @IsOptional()
  @IsSenderName()
  sender?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-06-01T08:00:00Z',
    description: 'Hold the campaign until then (at most one year ahead); a past time sends now',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'scheduledAt must be an ISO 8601 date-time, e.g. 2026-06-01T08:00:00Z' })
  scheduledAt?: string;
}

export class SendSmsCommand extends IdempotentActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => SendSmsBody)
  sms: SendSmsBody;
}

export class SendSmsResult {
  @ApiProperty({ format: 'uuid', example: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f' }) campaignId: string;
  @ApiProperty({ description: 'Distinct recipients', example: 2 }) recipients: number;
  @ApiProperty({ description: 'Segments of one message (GSM 03.38)', example: 1 }) segments: number;
  @ApiProperty({ description: 'recipients × segments, reserved from the balance', example: 2 }) creditsCharged: number;
}

/** A platform message (balance alert…): sent through the carrier, never charged, not in history. */
export class SendSystemSmsCommand {
  /** Idempotency id chosen by the caller; becomes the message id. */
  @IsUUID()
  id: string;

  @IsE164()
  to: string;

  @IsString()
  @Length(1, MAX_TEXT_LENGTH)
  text: string;

  @IsOptional()
  @IsSenderName()
  sender?: string;
}

export class SystemSmsResult {
  id: string;
  /** `sent` once the carrier accepted it, `failed` when it refused it (see errorCode), `queued` if still waiting after 5 s. */
  status: 'queued' | 'sent' | 'failed';
  errorCode?: string;
}
