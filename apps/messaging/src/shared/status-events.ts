import { MessageStatusChangedData, MessagingEvents, statusChangeBatches } from '@sms/contracts';
import type { EventPublisher } from '@sms/events';
import type { EntityManager } from 'typeorm';

/**
 * Appends the status changes of one transaction as `message.status-changed-batch.v1` events (one per
 * account and up to STATUS_BATCH_MAX changes, not one per message: a dispatcher batch of 500 is a few
 * outbox rows, JetStream messages and consumer inbox rows instead of 500 of each). Envelope
 * occurredAt = the batch's latest change.
 */
export async function appendStatusChanges(
  events: EventPublisher,
  em: EntityManager,
  changes: readonly MessageStatusChangedData[],
): Promise<void> {
  if (changes.length === 0) return;
  await events.appendMany(
    em,
    MessagingEvents.messageStatusesChanged,
    statusChangeBatches(changes).map((data) => ({
      accountId: data.accountId,
      occurredAt: new Date(data.changes.reduce((max, c) => (c.at > max ? c.at : max), data.changes[0].at)),
      data,
    })),
  );
}
