import { ApiProperty } from '@nestjs/swagger';

import { Type } from 'class-transformer';

import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { ActorEnvelope } from '../common/actor';
import { IsE164 } from '../common/validators';

/** Far above any real balance, far below 2^31: keeps the column an integer. */
export const MAX_ALERT_THRESHOLD = 1_000_000_000;

export class SmsAlertChannel {
  @ApiProperty({ example: '+393331234567', description: 'E.164 number that receives the alert SMS' })
  @IsE164()
  phone: string;

  @ApiProperty({ description: 'False keeps the number but sends nothing', example: true })
  @IsBoolean()
  active: boolean;
}

export class EmailAlertChannel {
  @ApiProperty({ example: 'alerts@example.com' })
  @IsEmail({}, { message: 'address must be a valid e-mail address' })
  @MaxLength(254)
  address: string;

  @ApiProperty({ description: 'False keeps the address but sends nothing', example: true })
  @IsBoolean()
  active: boolean;
}

/** PUT /account/balance-alert: replaces the whole setting (an omitted or null channel is removed). */
export class BalanceAlertSettings {
  @ApiProperty({
    minimum: 0,
    maximum: MAX_ALERT_THRESHOLD,
    example: 500,
    description: 'Credits: an alert goes out when a debit takes the balance from above this value to at or below it',
  })
  @IsInt({ message: 'threshold must be a non-negative integer' })
  @Min(0, { message: 'threshold must be a non-negative integer' })
  @Max(MAX_ALERT_THRESHOLD)
  threshold: number;

  @ApiProperty({ type: SmsAlertChannel, nullable: true, required: false })
  @IsOptional()
  @ValidateNested()
  @Type(() => SmsAlertChannel)
  sms?: SmsAlertChannel | null;

  @ApiProperty({ type: EmailAlertChannel, nullable: true, required: false, example: 'anna@example.com' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmailAlertChannel)
  email?: EmailAlertChannel | null;
}

/** GET/PUT response; before the first PUT every field is null. */
const VERIFIED =
  'The recipient sent back the code sent to it (POST /account/alerts/verify); alerts go only to verified channels. ' +
  'Changing the number or address makes it unverified again and sends a new code.';

export class SmsAlertChannelView extends SmsAlertChannel {
  @ApiProperty({ description: VERIFIED, example: true }) verified: boolean;
}

export class EmailAlertChannelView extends EmailAlertChannel {
  @ApiProperty({ description: VERIFIED, example: false }) verified: boolean;
}

export class BalanceAlertView {
  @ApiProperty({ type: Number, nullable: true, example: 100 }) threshold: number | null;
  @ApiProperty({ type: SmsAlertChannelView, nullable: true }) sms: SmsAlertChannelView | null;
  @ApiProperty({ type: EmailAlertChannelView, nullable: true })
  email: EmailAlertChannelView | null;
}

export const ALERT_CHANNELS = ['email', 'sms'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

/** POST /account/alerts/verify/resend. */
export class ResendAlertCodeBody {
  @ApiProperty({ enum: ALERT_CHANNELS, example: 'email', description: 'The channel whose recipient gets a new code' })
  @IsIn(ALERT_CHANNELS, { message: 'channel must be email or sms' })
  channel: AlertChannel;
}

/** POST /account/alerts/verify. */
export class VerifyAlertChannelBody extends ResendAlertCodeBody {
  @ApiProperty({ example: '482913', description: 'The 6-digit code sent to the channel’s address or number' })
  @Matches(/^[0-9]{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

export class AlertCodeSent {
  @ApiProperty({ enum: ALERT_CHANNELS, example: 'sms' }) channel: AlertChannel;
  @ApiProperty({ example: '2026-11-30T06:30:00.000Z', description: 'The code is accepted until then' })
  expiresAt: string;
}

export class VerifyAlertChannelCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => VerifyAlertChannelBody)
  body: VerifyAlertChannelBody;
}

export class ResendAlertCodeCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => ResendAlertCodeBody)
  body: ResendAlertCodeBody;
}

export class UpdateBalanceAlertCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => BalanceAlertSettings)
  settings: BalanceAlertSettings;
}
