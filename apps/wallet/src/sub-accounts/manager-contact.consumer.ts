import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { IdentityEvents } from '@sms/contracts';
import { EventConsumers } from '@sms/events';
import { SubAccountRepository } from './sub-account.repository';

/** Keeps the sub-account's copy of its manager's name and e-mail in step with identity. */
@Injectable()
export class ManagerContactConsumer implements OnModuleInit {
  constructor(
    @Inject(EventConsumers) private readonly consumers: EventConsumers,
    private readonly subAccounts: SubAccountRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.consumers.register({
      purpose: 'manager-contact',
      events: [IdentityEvents.managerContactChanged],
      handler: async (envelope, em) => {
        await this.subAccounts.applyManagerContact(em, envelope.data);
      },
    });
  }
}
