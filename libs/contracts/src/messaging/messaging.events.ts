/** Event types messaging publishes on JetStream (through its outbox). */
export const MessagingEvents = {
  messageSubmitted: 'messaging.message.submitted.v1',
  messageStatusChanged: 'messaging.message.status-changed.v1',
  /** A reply (mobile-originated SMS) routed to an account; webhooks deliver it. */
  inboundReceived: 'messaging.inbound.received.v1',
} as const;

export const MESSAGE_STATUSES = ['queued', 'sent', 'delivered', 'failed', 'expired', 'cancelled', 'blocked'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** A customer message was accepted (status `queued`). Envelope accountId = the sending account. */
export interface MessageSubmittedData {
  messageId: string;
  campaignId: string;
  accountId: string;
  /** The owner account above a sub-account; null for an owner's own messages. */
  parentAccountId: string | null;
  recipient: string;
  sender: string;
  text: string;
  segments: number;
  /** Distinct recipients of the campaign (history's minCampaignSize filter). */
  campaignSize: number;
  submittedAt: string;
  scheduledAt: string | null;
}

/**
 * A message moved on: `sent` (carrier accepted), then `delivered`, `failed` or `expired`; or,
 * still queued, `cancelled` (campaign deleted or sub-account deactivated; never sent, refunded);
 * or `blocked` (the recipient is on the account's opt-out list: never sent, never charged).
 */
export interface MessageStatusChangedData {
  messageId: string;
  campaignId: string;
  accountId: string;
  status: Exclude<MessageStatus, 'queued'>;
  /** When it happened at the carrier (delivery time for a DLR). */
  at: string;
  errorCode: string | null;
}

/**
 * A reply from a handset, routed to the account (or sub-account) that last sent to it from the
 * number it answered within 7 days. Envelope accountId = that account. `stop` is true when the
 * text was a STOP keyword (the number is now on that account's opt-out list).
 */
export interface InboundReceivedData {
  inboundId: string;
  accountId: string;
  parentAccountId: string | null;
  from: string;
  to: string;
  text: string;
  receivedAt: string;
  stop: boolean;
}
