import { ApiProperty } from '@nestjs/swagger';

import { Type } from 'class-transformer';

import { IsBoolean, IsEmail, IsInt, IsObject, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';

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
export class BalanceAlertView {
  @ApiProperty({ type: Number, nullable: true, example: 100 }) threshold: number | null;
  @ApiProperty({ type: SmsAlertChannel, nullable: true }) sms: SmsAlertChannel | null;
  @ApiProperty({ type: EmailAlertChannel, nullable: true, example: 'anna@example.com' })
  email: EmailAlertChannel | null;
}

export class UpdateBalanceAlertCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => BalanceAlertSettings)
  settings: BalanceAlertSettings;
}
