import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { MessagingEvents } from '@sms/contracts';
import { EventConsumers } from '@sms/events';
import { SubAccountRepository } from './sub-account.repository';

/**
 * "SMS sent" of the sub-account list: a message counts once the carrier accepted it (`sent`,
 * emitted once per message), never while it is queued or scheduled. The inbox applies each event
 * once; the events at hand are applied in batches (libs/events' batch mode), one UPDATE per batch.
 */
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
        handler: async (events, em) => {
          const sent = new Map<string, number>();
          for (const e of events)
            if (e.data.status === 'sent') sent.set(e.data.accountId, (sent.get(e.data.accountId) ?? 0) + 1);
          await this.subAccounts.countSent(em, sent);
        },
      },
      maxMessages: 500,
      maxAckPending: 5000,
    });
  }
}
