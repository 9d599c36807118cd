import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { MessageStatusChangedData, MessagingEvents, statusChangesOf } from '@sms/contracts';
import { EventConsumers } from '@sms/events';
import { EntityManager } from 'typeorm';
import { SubAccountRepository } from './sub-account.repository';

/**
 * "SMS sent" of the sub-account list: a message counts once the carrier accepted it (`sent`,
 * emitted once per message), never while it is queued or scheduled. The inbox applies each event
 * once; the events at hand are applied in batches (libs/events' batch mode), one UPDATE per batch.
 * Two durables: the batch events messaging publishes (`message.status-changed-batch.v1`, up to 200
 * changes each) and the per-message ones still in the stream (`message.status-changed.v1`; one
 * wildcard filter cannot take both apart from the submitted events, and several filter subjects
 * need nats-server ≥ 2.10).
 */
/** False only for a batch whose changes are a list without a `sent` one. */
export function mayHoldSent(data: unknown): boolean {
  const changes = (data as { changes?: unknown } | null)?.changes;
  return !Array.isArray(changes) || changes.some((c) => (c as { status?: unknown } | null)?.status === 'sent');
}

@Injectable()
export class MessagesSentConsumer implements OnModuleInit {
  constructor(
    @Inject(EventConsumers) private readonly consumers: EventConsumers,
    private readonly subAccounts: SubAccountRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.consumers.register({
      purpose: 'sub-account-sms-sent',
      events: [MessagingEvents.messageStatusChanged],
      batch: {
        maxEvents: 500,
        handler: (events, em) =>
          this.count(
            em,
            events.map((e) => e.data),
          ),
      },
      maxMessages: 500,
      maxAckPending: 5000,
    });
    await this.consumers.register({
      purpose: 'sub-account-sms-sent-batch',
      events: [MessagingEvents.messageStatusesChanged],
      // Most batches hold no `sent` change (delivery reports, cancellations): acked unread, not
      // validated and no inbox row. One whose changes are not a list is still validated (and
      // dead-lettered).
      appliesTo: (e) => mayHoldSent(e.data),
      batch: {
        maxEvents: 100,
        handler: (events, em) =>
          this.count(
            em,
            events.flatMap((e) => statusChangesOf(e.data)),
          ),
      },
      maxMessages: 100,
      maxAckPending: 1000,
    });
  }

  private async count(em: EntityManager, changes: MessageStatusChangedData[]): Promise<void> {
    const sent = new Map<string, number>();
    for (const c of changes) if (c.status === 'sent') sent.set(c.accountId, (sent.get(c.accountId) ?? 0) + 1);
    await this.subAccounts.countSent(em, sent);
  }
}
