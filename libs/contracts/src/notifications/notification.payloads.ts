import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { Actor } from '../common/actor';

export const NOTIFICATION_CHANNELS = ['email', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** pending: not delivered yet (being retried); sent: accepted by the mail server / carrier; failed: refused for good. */
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export class NotificationListQuery {
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

export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_CHANNELS }) channel: NotificationChannel;
  @ApiProperty({ description: 'E-mail address or E.164 number' }) recipient: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null until delivered' })
  sentAt: string | null;
  @ApiProperty({ enum: NOTIFICATION_STATUSES }) status: NotificationStatus;
  @ApiProperty({ format: 'date-time', description: 'When the balance crossed the threshold' }) createdAt: string;
  @ApiProperty({ description: 'Balance (credits) reported in the alert' }) balance: number;
  @ApiProperty({ description: 'Threshold in force at the crossing' }) threshold: number;
}

export class NotificationPage {
  @ApiProperty({ type: [NotificationView] }) items: NotificationView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ListNotificationsCommand {
  @IsObject()
  @ValidateNested()
  @Type(() => Actor)
  actor: Actor;

  @IsObject()
  @ValidateNested()
  @Type(() => NotificationListQuery)
  query: NotificationListQuery;
}
