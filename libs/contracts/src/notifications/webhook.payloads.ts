import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ActorEnvelope } from '../common/actor';
import { PageQuery } from '../common/page';

/** The public event types a webhook can subscribe to (what a receiver sees in `type`). */
export const WEBHOOK_EVENT_TYPES = [
  'message.status',
  'inbound.received',
  'balance.low',
  'invoice.paid',
  'sub-account.changed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The message statuses `message.status` reports (final ones only: `sent` is not a callback). */
export const WEBHOOK_MESSAGE_STATUSES = ['delivered', 'failed', 'expired', 'cancelled', 'blocked'] as const;

/** pending: not delivered yet (in flight or waiting for a retry); delivered: 2xx; failed: given up. */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

const URL_DOC =
  'https only, on a public address (loopback, private, link-local and metadata addresses are refused, checked again ' +
  'at every delivery); hosts the operator listed in WEBHOOK_ALLOWED_HOSTS may also use http. Redirects are not followed.';

export class CreateWebhookBody {
  @ApiProperty({ maxLength: 2048, description: URL_DOC, example: 'https://shop.example.com/sms/callbacks' })
  @IsString()
  @MaxLength(2048)
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['message.status', 'balance.low'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES as unknown as string[], {
    each: true,
    message: `each event must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`,
  })
  events: WebhookEventType[];
}

export class UpdateWebhookBody {
  @ApiPropertyOptional({ maxLength: 2048, description: URL_DOC, example: 'https://shop.example.com/sms/callbacks' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['message.status'] })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES as unknown as string[], {
    each: true,
    message: `each event must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`,
  })
  events?: WebhookEventType[];

  @ApiPropertyOptional({
    description: 'false pauses deliveries (events are not queued while paused); true also clears `failing`',
    example: true,
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class WebhookView {
  @ApiProperty({ format: 'uuid', example: '5d0c2a9e-8f3b-4c71-a6d2-1e9b7f4c3a20' }) id: string;
  @ApiProperty({ example: 'https://shop.example.com/sms/callbacks' }) url: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['message.status', 'balance.low'] })
  events: WebhookEventType[];
  @ApiProperty({ example: true }) active: boolean;
  @ApiProperty({
    description: 'A delivery was given up on (24 h of failures, or a 4xx); cleared by the next 2xx or PATCH active',
    example: false,
  })
  failing: boolean;
  @ApiProperty({ description: 'Start of the signing secret, to tell secrets apart', example: 'whsec_3kq9' })
  secretPrefix: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T09:15:00.000Z' }) createdAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T09:15:00.000Z' }) updatedAt: string;
}

export class CreatedWebhook extends WebhookView {
  @ApiProperty({
    description: 'Signing secret: shown here only (on create and rotate-secret). Verify `Sms-Signature` with it.',
    example: 'whsec_3kq9ZkYx0w2c1m8V7r6T5p4L3n2B1v0CxZaQwErTyUi',
  })
  secret: string;
}

export class WebhookPage {
  @ApiProperty({ type: [WebhookView] }) items: WebhookView[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export class WebhookDeliveryView {
  @ApiProperty({ format: 'uuid', example: '9a1f3c5e-7b2d-4e6f-8a0c-2d4f6a8c0e1b' }) id: string;
  @ApiProperty({
    format: 'uuid',
    description: 'The `Sms-Event-Id` header: the same for every attempt and redelivery of one event',
    example: '3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a',
  })
  eventId: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, example: 'message.status' }) eventType: WebhookEventType;
  @ApiProperty({ enum: WEBHOOK_DELIVERY_STATUSES, example: 'delivered' }) status: WebhookDeliveryStatus;
  @ApiProperty({ description: 'Attempts made so far', example: 1 }) attempts: number;
  @ApiProperty({ type: Number, nullable: true, description: 'HTTP status of the last attempt', example: 200 })
  responseStatus: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Duration of the last attempt', example: 84 })
  latencyMs: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the last attempt failed (timeout, connection refused, blocked address…)',
    example: null,
  })
  error: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-30T09:15:01.000Z' })
  lastAttemptAt: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the next attempt is due (pending only)',
    example: null,
  })
  nextRetryAt: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T09:15:00.000Z' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-30T09:15:01.000Z' })
  deliveredAt: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The delivery this one redelivers',
    example: null,
  })
  redeliveryOf: string | null;
}

export class WebhookDeliveryPage {
  @ApiProperty({ type: [WebhookDeliveryView] }) items: WebhookDeliveryView[];
  @ApiProperty({ type: String, nullable: true, example: 'MTIzNA' }) nextCursor: string | null;
}

export class WebhookIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class WebhookDeliveryParams extends WebhookIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  deliveryId: string;
}

// ---- NATS commands (gateway → notifications) ----

export class CreateWebhookCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => CreateWebhookBody)
  body: CreateWebhookBody;
}

export class ListWebhooksCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => PageQuery)
  page: PageQuery;
}

export class WebhookCommand extends ActorEnvelope {
  @IsUUID()
  webhookId: string;
}

export class UpdateWebhookCommand extends WebhookCommand {
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateWebhookBody)
  body: UpdateWebhookBody;
}

export class ListWebhookDeliveriesCommand extends WebhookCommand {
  @IsObject()
  @ValidateNested()
  @Type(() => PageQuery)
  page: PageQuery;
}

export class RedeliverWebhookCommand extends WebhookCommand {
  @IsUUID()
  deliveryId: string;
}
