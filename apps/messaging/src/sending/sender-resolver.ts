import { Inject, Injectable } from '@nestjs/common';
import { Actor, IdentityRpc } from '@sms/contracts';
import { MESSAGING_ENV, MessagingEnv } from '../messaging-env';
import { RpcClient } from '@sms/nats';

/** The request's sender, else the account's effective sender (identity: own, parent's, else SHARED_NUMBER). */
@Injectable()
export class SenderResolver {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(MESSAGING_ENV) private readonly env: MessagingEnv,
  ) {}

  async resolve(actor: Actor, requested: string | undefined): Promise<string> {
    if (requested) return requested;
    const view = await this.rpc.send(IdentityRpc.getSender, { actor });
    return view.effectiveSender ?? view.defaultSender ?? this.env.SHARED_NUMBER;
  }
}
