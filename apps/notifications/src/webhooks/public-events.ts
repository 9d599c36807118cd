import {
  AuditRecordedData,
  InboundReceivedData,
  InvoicePaidData,
  MessageStatusChangedData,
  WEBHOOK_MESSAGE_STATUSES,
  WebhookEventType,
} from '@sms/contracts';

/**
 * What a receiver gets: `{id, type, createdAt, accountId, subAccountId, data}`. The `data` of each type is
 * written out here field by field from the internal event, so nothing internal (transfer ids,
 * request ids, IPs, actors' user ids) leaks and an internal change cannot silently change it.
 */
export interface PublicEvent {
  type: WebhookEventType;
  /** The accounts whose webhooks get it: the account's own, and its owner's when it is a sub-account's. */
  accountIds: string[];
  /** The sub-account it happened in (on the owner's and the sub-account's deliveries); null for an owner's own. */
  subAccountId: string | null;
  /** Deliveries with the same key go to one webhook one at a time, in order (null: no order). */
  orderKey: string | null;
  occurredAt: string;
  data: Record<string, unknown>;
}

/**
 * A sub-account's event goes to its own webhooks and to its owner's (as Stripe Connect's and Vonage
 * subaccounts' do), marked with the sub-account's id; an owner's own event, to the owner's only.
 */
function withOwner(
  accountId: string,
  parentAccountId: string | null | undefined,
): Pick<PublicEvent, 'accountIds' | 'subAccountId'> {
  return parentAccountId
    ? { accountIds: [accountId, parentAccountId], subAccountId: accountId }
    : { accountIds: [accountId], subAccountId: null };
}

export function messageStatusEvent(d: MessageStatusChangedData, occurredAt: string): PublicEvent | null {
  if (!(WEBHOOK_MESSAGE_STATUSES as readonly string[]).includes(d.status)) return null;
  return {
    type: 'message.status',
    ...withOwner(d.accountId, d.parentAccountId),
    orderKey: `message:${d.messageId}`,
    occurredAt,
    data: {
      messageId: d.messageId,
      campaignId: d.campaignId,
      status: d.status,
      at: d.at,
      errorCode: d.errorCode ?? null,
    },
  };
}

export function inboundEvent(d: InboundReceivedData, occurredAt: string): PublicEvent | null {
  if (typeof d?.accountId !== 'string' || typeof d.inboundId !== 'string') return null;
  return {
    type: 'inbound.received',
    ...withOwner(d.accountId, d.parentAccountId),
    orderKey: null,
    occurredAt,
    data: { id: d.inboundId, from: d.from, to: d.to, text: d.text, receivedAt: d.receivedAt, stop: d.stop === true },
  };
}

export function balanceLowEvent(
  accountId: string,
  c: { balance: number; threshold: number },
  occurredAt: string,
): PublicEvent {
  return {
    type: 'balance.low',
    accountIds: [accountId],
    subAccountId: null,
    orderKey: `balance:${accountId}`,
    occurredAt,
    data: { balance: c.balance, threshold: c.threshold, at: occurredAt },
  };
}

export function invoicePaidEvent(d: InvoicePaidData, occurredAt: string): PublicEvent {
  return {
    type: 'invoice.paid',
    accountIds: [d.accountId],
    subAccountId: null,
    orderKey: null,
    occurredAt,
    data: { invoiceId: d.invoiceId, number: d.invoiceNumber, smsCount: d.smsCount, paidAt: d.paidAt },
  };
}

const SUB_ACCOUNT_CHANGES: Partial<Record<AuditRecordedData['action'], string>> = {
  'sub-account.create': 'created',
  'sub-account.update': 'updated',
  'sub-account.credit': 'credited',
  'sub-account.reset': 'reset',
  'sub-account.deactivate': 'deactivated',
  'sub-account.activate': 'activated',
};

/** Whether an audit entry's action is one `sub-account.changed` reports. */
export function isSubAccountAction(action: unknown): boolean {
  return typeof action === 'string' && Object.prototype.hasOwnProperty.call(SUB_ACCOUNT_CHANGES, action);
}

/** Fields of a sub-account change a receiver may see (from the audit entry's `changes`). */
const VISIBLE_CHANGES = new Set(['name', 'unlimited', 'credits', 'manager', 'active']);

/** From the gateway's audit entry: to the owner's webhooks and to the sub-account's own. */
export function subAccountChangedEvent(d: AuditRecordedData, occurredAt: string): PublicEvent | null {
  const change = SUB_ACCOUNT_CHANGES[d.action];
  const subAccountId = d.target?.type === 'sub-account' ? d.target.id : null;
  if (!change || !subAccountId) return null;
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, c] of Object.entries(d.changes ?? {})) if (VISIBLE_CHANGES.has(field)) changes[field] = c;
  return {
    type: 'sub-account.changed',
    accountIds: [...new Set([d.accountId, subAccountId])],
    subAccountId,
    orderKey: `sub-account:${subAccountId}`,
    occurredAt,
    data: { subAccountId, change, changes, at: d.at },
  };
}

/** The exact bytes POSTed (and signed). */
export function deliveryBody(eventId: string, accountId: string, e: PublicEvent): string {
  return JSON.stringify({
    id: eventId,
    type: e.type,
    createdAt: e.occurredAt,
    accountId,
    subAccountId: e.subAccountId,
    data: e.data,
  });
}
