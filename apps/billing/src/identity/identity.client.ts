import { Injectable } from '@nestjs/common';
import { Actor, BillingDetailsView, IdentityRpc, Language } from '@sms/contracts';
import { RpcClient } from '@sms/nats';

export interface BuyerProfile {
  billing: BillingDetailsView;
  language: Language;
}

/**
 * Billing asks identity for the buyer's details at purchase time (request/reply) rather than
 * keeping a read model: a purchase is rare, and the invoice snapshots what it got anyway.
 */
@Injectable()
export class IdentityClient {
  constructor(private readonly rpc: RpcClient) {}

  async buyerProfile(actor: Actor): Promise<BuyerProfile> {
    const [billing, contact] = await Promise.all([
      this.rpc.send(IdentityRpc.getBilling, { actor }),
      this.rpc.send(IdentityRpc.getContact, { actor }),
    ]);
    return { billing, language: contact.language ?? 'it' };
  }
}
