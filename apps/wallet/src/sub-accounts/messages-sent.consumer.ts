import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { MessagingEvents } from '@sms/contracts';
import { EventConsumers } from '@sms/events';
import { SubAccountRepository } from './sub-account.repository';

/**
 * "SMS sent" of the sub-account list: a message counts once the carrier accepted it (`sent`,
 * emitted once per message), never while it is queued or scheduled. The inbox applies each event once.
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
      handler: async (envelope, em) => {
        if (envelope.data.status === 'sent') await this.subAccounts.countSent(em, envelope.data.accountId);
      },
    });
  }
}
