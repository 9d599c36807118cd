import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Min } from 'class-validator';
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
  messageSubmitted: event('messaging', 'message.submitted.v1', MessageSubmittedEvent),
  messageStatusChanged: event('messaging', 'message.status-changed.v1', MessageStatusChangedEvent),
  /** A reply (mobile-originated SMS) routed to an account; webhooks deliver it. */
  inboundReceived: event('messaging', 'inbound.received.v1', InboundReceivedEvent),
};
