import { Injectable } from '@nestjs/common';
import { Actor, NotFoundError, RemoteProblemError, WalletRpc } from '@sms/contracts';
import { RpcClient } from '@sms/nats';

/**
 * Whose data a request reads or changes: the actor's own account, or for an owner one of its
 * sub-accounts (the wallet owns sub-accounts, so it is asked). A manager naming any account but
 * its own, or an owner naming another tenant's, gets a 404.
 */
@Injectable()
export class AccountScope {
  constructor(private readonly rpc: RpcClient) {}

  async resolve(actor: Actor, subAccountId?: string): Promise<string> {
    if (!subAccountId || subAccountId.toLowerCase() === actor.accountId.toLowerCase()) return actor.accountId;
    if (actor.role !== 'owner') throw new NotFoundError('Sub-account');
    try {
      await this.rpc.send(WalletRpc.getSubAccount, { actor, subAccountId });
    } catch (err) {
      if (err instanceof RemoteProblemError && (err.problem.status === 404 || err.problem.status === 403)) {
        throw new NotFoundError('Sub-account');
      }
      throw err;
    }
    return subAccountId.toLowerCase();
  }
}
