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
  isISO8601,
  isUUID,
  Min,
  registerDecorator,
} from 'class-validator';
import { createHash } from 'node:crypto';
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

export interface SubmittedMessage {
  messageId: string;
  recipient: string;
}

/** Every element of `messages` is {messageId: UUID, recipient: string}, in one validator call (see AllStatusChanges). */
function AllSubmittedMessages(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'allSubmittedMessages',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'each value in $property must be {messageId: UUID, recipient: string}' },
      validator: {
        validate: (v: unknown) =>
          !Array.isArray(v) ||
          v.every(
            (m: unknown) =>
              typeof m === 'object' &&
              m !== null &&
              isUUID((m as SubmittedMessage).messageId) &&
              typeof (m as SubmittedMessage).recipient === 'string',
          ),
      },
    });
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
  @AllSubmittedMessages()
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

/** The most status changes one `message.status-changed-batch.v1` event carries (≈ 40 KB of JSON). */
export const STATUS_BATCH_MAX = 200;

/** One message's change in a `message.status-changed-batch.v1` event: `message.status-changed.v1` less the account. */
export interface MessageStatusChange {
  messageId: string;
  campaignId: string;
  status: Exclude<MessageStatus, 'queued'>;
  at: string;
  errorCode: string | null;
}

const CHANGE_STATUSES: ReadonlySet<unknown> = new Set(MESSAGE_STATUSES.filter((s) => s !== 'queued'));

/** The rules of `message.status-changed.v1`'s own fields (IsUUID, IsIn, IsISO8601, optional string) for one change. */
function isStatusChange(c: unknown): boolean {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return false;
  const v = c as Record<string, unknown>;
  return (
    isUUID(v.messageId) &&
    isUUID(v.campaignId) &&
    CHANGE_STATUSES.has(v.status) &&
    isISO8601(v.at) &&
    (v.errorCode === null || v.errorCode === undefined || typeof v.errorCode === 'string')
  );
}

/**
 * Every element of `changes` is a valid change, in ONE validator call: `@ValidateNested` + `@Type` made
 * every consumer build and walk a class instance per change (class-transformer and class-validator were
 * a third of reporting's, the wallet's and notifications' CPU in the smpp bench). A value that is not an
 * array passes here (`@IsArray` says so).
 */
function AllStatusChanges(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'allStatusChanges',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message:
          'each value in $property must be {messageId, campaignId: UUID, status: sent/delivered/failed/expired/cancelled/blocked, at: ISO 8601, errorCode: string or null}',
      },
      validator: { validate: (v: unknown) => !Array.isArray(v) || v.every(isStatusChange) },
    });
}

/**
 * Status changes of messages of one account committed together (a dispatcher batch, a batch of
 * delivery reports, a cancellation): the fields of `message.status-changed.v1` that are the
 * account's once, the per-message ones in `changes` (≤ STATUS_BATCH_MAX, in commit order). A
 * message appears at most once per event. Envelope accountId = the sending account. Messaging
 * publishes this instead of `message.status-changed.v1` since issue 12; consumers keep applying
 * both (older events in the stream).
 */
export class MessageStatusesChangedEvent {
  @IsUUID() accountId: string;
  @IsOptional() @IsUUID() parentAccountId: string | null;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(STATUS_BATCH_MAX)
  @AllStatusChanges()
  changes: MessageStatusChange[];
}
export type MessageStatusesChangedData = MessageStatusesChangedEvent;

/** One `message.status-changed.v1` per change of a batch event (what a per-message consumer applies). */
export function statusChangesOf(d: MessageStatusesChangedData): MessageStatusChangedData[] {
  return d.changes.map((c) => ({
    messageId: c.messageId,
    campaignId: c.campaignId,
    accountId: d.accountId,
    parentAccountId: d.parentAccountId ?? null,
    status: c.status,
    at: c.at,
    errorCode: c.errorCode ?? null,
  }));
}

/**
 * The batch events of `changes`: grouped per (account, parent account), cut at STATUS_BATCH_MAX,
 * each group in the given order.
 */
export function statusChangeBatches(changes: readonly MessageStatusChangedData[]): MessageStatusesChangedData[] {
  const groups = new Map<string, MessageStatusesChangedData[]>();
  for (const c of changes) {
    const key = `${c.accountId}/${c.parentAccountId ?? ''}`;
    const list = groups.get(key) ?? [];
    let last = list[list.length - 1];
    if (!last || last.changes.length >= STATUS_BATCH_MAX) {
      last = { accountId: c.accountId, parentAccountId: c.parentAccountId ?? null, changes: [] };
      list.push(last);
      groups.set(key, list);
    }
    last.changes.push({
      messageId: c.messageId,
      campaignId: c.campaignId,
      status: c.status,
      at: c.at,
      errorCode: c.errorCode ?? null,
    });
  }
  return [...groups.values()].flat();
}

/**
 * The id one change of a batch event stands under where a per-message id is needed (a webhook
 * delivery's event id): stable across redeliveries of the batch (same event id), distinct per message.
 * A deterministic UUID (version 5 layout, SHA-256 based).
 */
export function statusChangeEventId(batchEventId: string, messageId: string): string {
  const h = createHash('sha256').update(`status-change:${batchEventId}:${messageId}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

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
  /** One message's status; no longer published (see messageStatusesChanged), still applied from the stream. */
  messageStatusChanged: event('messaging', 'message.status-changed.v1', MessageStatusChangedEvent),
  /** Up to STATUS_BATCH_MAX status changes of one account's messages (what messaging publishes). */
  messageStatusesChanged: event('messaging', 'message.status-changed-batch.v1', MessageStatusesChangedEvent),
  /** A reply (mobile-originated SMS) routed to an account; webhooks deliver it. */
  inboundReceived: event('messaging', 'inbound.received.v1', InboundReceivedEvent),
};
