import { Injectable } from '@nestjs/common';
import { Actor, NotFoundError, RemoteProblemError, WalletRpc } from '@sms/contracts';
import { RpcClient } from '@sms/nats';

/**
 * Whose messages a caller may read: its own account, or, for an owner, one of its
 * sub-accounts. Ownership is the wallet's (it owns sub-accounts), asked per request; a
 * sub-account that is not the caller's, or a manager asking for any, is a 404.
 */
@Injectable()
export class AccountScope {
  constructor(private readonly rpc: RpcClient) {}

  async resolve(actor: Actor, subAccountId?: string): Promise<string> {
    if (!subAccountId) return actor.accountId;
    if (actor.role !== 'owner') throw new NotFoundError('Sub-account');
    try {
      await this.rpc.send(WalletRpc.getSubAccount, { actor, subAccountId });
    } catch (err) {
      if (err instanceof RemoteProblemError && (err.problem.status === 404 || err.problem.status === 403)) {
        throw new NotFoundError('Sub-account');
      }
      throw err;
    }
    return subAccountId;
  }
}
