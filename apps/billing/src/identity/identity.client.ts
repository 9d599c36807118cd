import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Actor, BillingDetailsView, ContactDetailsView, IdentitySubjects, Language } from '@sms/contracts';
import { RpcClient } from '@sms/nats';
import { BILLING_ENV, BillingEnv } from '../billing-env';

export interface BuyerProfile {
  billing: BillingDetailsView;
  language: Language;
}

/**
 * Billing asks identity for the buyer's details at purchase time (request/reply) rather than
 * keeping a read model: a purchase is rare, and the invoice snapshots what it got anyway.
 */
@Injectable()
export class IdentityClient extends RpcClient implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(BILLING_ENV) env: BillingEnv) {
    super({ natsUrl: env.NATS_URL, timeoutMs: env.NATS_REQUEST_TIMEOUT_MS, name: 'billing-identity' });
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async buyerProfile(actor: Actor): Promise<BuyerProfile> {
    const [billing, contact] = await Promise.all([
      this.send<BillingDetailsView>(IdentitySubjects.getBilling, { actor }),
      this.send<ContactDetailsView>(IdentitySubjects.getContact, { actor }),
    ]);
    return { billing, language: contact.language ?? 'it' };
  }
}
