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
  @ApiProperty({ format: 'uuid', example: '0b5c7a52-3f0e-4c1e-9d8e-6a2f4b1c9e10' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_CHANNELS, example: 'email' }) channel: NotificationChannel;
  @ApiProperty({ description: 'E-mail address or E.164 number', example: 'anna@example.com' }) recipient: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'null until delivered',
    example: '2026-11-30T09:15:02.000Z',
  })
  sentAt: string | null;
  @ApiProperty({ enum: NOTIFICATION_STATUSES, example: 'sent' }) status: NotificationStatus;
  @ApiProperty({
    format: 'date-time',
    description: 'When the balance crossed the threshold',
    example: '2026-11-30T09:15:00.000Z',
  })
  createdAt: string;
  @ApiProperty({ description: 'Balance (credits) reported in the alert', example: 95 }) balance: number;
  @ApiProperty({ description: 'Threshold in force at the crossing', example: 100 }) threshold: number;
}

export class NotificationPage {
  @ApiProperty({ type: [NotificationView] }) items: NotificationView[];
  @ApiProperty({ type: String, nullable: true, example: 'eyJjIjoiMjAyNi0xMS0zMFQwOToxNTowMFoiLCJpIjoiMGI1YyJ9' })
  nextCursor: string | null;
}

export class ListNotificationsCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => NotificationListQuery)
  query: NotificationListQuery;
}
