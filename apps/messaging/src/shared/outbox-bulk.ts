import { appendManyToOutbox, createEnvelope } from '@sms/events';
import { EntityManager } from 'typeorm';

export interface PendingEvent<T> {
  type: string;
  data: T;
  accountId?: string;
  occurredAt?: Date;
}

/**
 * Messaging's events, many in one statement through `@sms/events`' bulk outbox append: a
 * 10,000-recipient campaign would otherwise cost 10,000 round trips inside its transaction.
 */
export async function appendMessagingEvents<T>(em: EntityManager, events: PendingEvent<T>[]): Promise<void> {
  await appendManyToOutbox(
    em,
    'messaging',
    events.map((e) => createEnvelope(e.type, e.data, { accountId: e.accountId, occurredAt: e.occurredAt })),
  );
}
