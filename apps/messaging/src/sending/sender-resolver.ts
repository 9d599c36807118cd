import { Injectable } from '@nestjs/common';
import { Actor, IdentityRpc } from '@sms/contracts';
import { RpcClient } from '@sms/nats';

/**
 * The sender a send goes out with, decided by identity (which owns each account's list of
 * senders): the request's, else the account's effective default; a sender the account may not
 * use is a 422 `sender-not-approved`, raised before anything is reserved or stored.
 */
@Injectable()
export class SenderResolver {
  constructor(private readonly rpc: RpcClient) {}

  async resolve(actor: Actor, requested: string | undefined): Promise<string> {
    return (await this.rpc.send(IdentityRpc.resolveSender, { actor, sender: requested })).sender;
  }
}
