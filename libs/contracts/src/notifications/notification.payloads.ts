import { PageQuery } from '../common/page';

import { ApiProperty } from '@nestjs/swagger';

import { Type } from 'class-transformer';

import { IsObject, ValidateNested } from 'class-validator';

import { ActorEnvelope } from '../common/actor';

export const NOTIFICATION_CHANNELS = ['email', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** pending: not delivered yet (being retried); sent: accepted by the mail server / carrier; failed: refused for good. */
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** `GET /account/notifications` query string. */
export class NotificationListQuery extends PageQuery {}

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

export class ListNotificationsCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => NotificationListQuery)
  query: NotificationListQuery;
}
