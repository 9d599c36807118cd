import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Min,
  ValidateNested,
} from 'class-validator';
import { event } from '../common/event';

export const MESSAGE_STATUSES = ['queued', 'sent', 'delivered', 'failed', 'expired', 'cancelled', 'blocked'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** A customer message was accepted (status `queued`). Envelope accountId = the sending account. */
export class MessageSubmittedEvent {
  @IsUUID() messageId: string;
  @IsUUID() campaignId: string;
  @IsUUID() accountId: string;
  /** The owner account above a sub-account; null for an owner's own messages. */
  @IsOptional() @IsUUID() parentAccountId: string | null;
  @IsString() recipient: string;
  @IsString() sender: string;
  @IsString() text: string;
  @IsInt() @Min(0) segments: number;
  /** Distinct recipients of the campaign (history's minCampaignSize filter). */
  @IsInt() @Min(0) campaignSize: number;
  @IsISO8601() submittedAt: string;
  @IsOptional() @IsISO8601() scheduledAt: string | null;
}
export type MessageSubmittedData = MessageSubmittedEvent;

/**
 * The most messages one `message.submitted-batch.v1` event carries (≈ 14 KB of JSON). Kept small so a
 * consumer batch of 500 events stays bounded (≤ 100,000 messages in one transaction, well inside ack_wait).
 */
export const SUBMITTED_BATCH_MAX = 200;

export class SubmittedMessage {
  @IsUUID() messageId: string;
  @IsString() recipient: string;
}

/**
 * Messages of one campaign accepted together (status `queued`): the fields of
 * `message.submitted.v1` once, the per-message ones in `messages` (≤ SUBMITTED_BATCH_MAX; a
 * 10,000-recipient campaign is 50 events, not 10,000 outbox rows, publishes and inbox rows).
 * Envelope accountId = the sending account. Messaging publishes this instead of
 * `message.submitted.v1` since issue 16; consumers keep applying both (older events in the stream).
 */
export class MessagesSubmittedEvent {
  @IsUUID() campaignId: string;
  @IsUUID() accountId: string;
  @IsOptional() @IsUUID() parentAccountId: string | null;
  @IsString() sender: string;
  @IsString() text: string;
  @IsInt() @Min(0) segments: number;
  @IsInt() @Min(0) campaignSize: number;
  @IsISO8601() submittedAt: string;
  @IsOptional() @IsISO8601() scheduledAt: string | null;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SUBMITTED_BATCH_MAX)
  @ValidateNested({ each: true })
  @Type(() => SubmittedMessage)
  messages: SubmittedMessage[];
}
export type MessagesSubmittedData = MessagesSubmittedEvent;

/** One `message.submitted.v1` per message of a batch event (what a per-message consumer applies). */
export function submittedMessagesOf(d: MessagesSubmittedData): MessageSubmittedData[] {
  const { messages, ...campaign } = d;
  return messages.map(({ messageId, recipient }) => ({ ...campaign, messageId, recipient }));
}

/**
 * A message moved on: `sent` (carrier accepted), then `delivered`, `failed` or `expired`; or,
 * still queued, `cancelled` (campaign deleted or sub-account deactivated; never sent, refunded);
 * or `blocked` (the recipient is on the account's opt-out list: never sent, never charged).
 */
export class MessageStatusChangedEvent {
  @IsUUID() messageId: string;
  @IsUUID() campaignId: string;
  @IsUUID() accountId: string;
  /**
   * The owner account above a sub-account; null for an owner's own messages. Absent from events
   * published before it existed (read as unknown: such an event reaches only the sending account).
   */
  @IsOptional() @IsUUID() parentAccountId?: string | null;
  @IsIn(MESSAGE_STATUSES.filter((s) => s !== 'queued')) status: Exclude<MessageStatus, 'queued'>;
  /** When it happened at the carrier (delivery time for a DLR). */
  @IsISO8601() at: string;
  @IsOptional() @IsString() errorCode: string | null;
}
export type MessageStatusChangedData = MessageStatusChangedEvent;

/**
 * A reply from a handset, routed to the account (or sub-account) that last sent to it from the
 * number it answered within 7 days. Envelope accountId = that account. `stop` is true when the
 * text was a STOP keyword (the number is now on that account's opt-out list).
 */
export class InboundReceivedEvent {
  @IsString() inboundId: string;
  @IsUUID() accountId: string;
  @IsOptional() @IsUUID() parentAccountId: string | null;
  @IsString() from: string;
  @IsString() to: string;
  @IsString() text: string;
  @IsISO8601() receivedAt: string;
  @IsBoolean() stop: boolean;
}
export type InboundReceivedData = InboundReceivedEvent;

/** Events messaging publishes on JetStream (through its outbox). */
export const MessagingEvents = {
  /** One message accepted; no longer published (see messagesSubmitted), still applied from the stream. */
  messageSubmitted: event('messaging', 'message.submitted.v1', MessageSubmittedEvent),
  /** Up to SUBMITTED_BATCH_MAX messages of one campaign accepted (what messaging publishes). */
  messagesSubmitted: event('messaging', 'message.submitted-batch.v1', MessagesSubmittedEvent),
  messageStatusChanged: event('messaging', 'message.status-changed.v1', MessageStatusChangedEvent),
  /** A reply (mobile-originated SMS) routed to an account; webhooks deliver it. */
  inboundReceived: event('messaging', 'inbound.received.v1', InboundReceivedEvent),
};
