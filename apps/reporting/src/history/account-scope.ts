import { Injectable } from '@nestjs/common';
import { Actor, NotFoundError, RemoteProblemError, WalletSubjects } from '@sms/contracts';
import { ServicesRpc } from '../shared/services-rpc';

/**
 * Whose messages a caller may read: its own account, or, for an owner, one of its
 * sub-accounts. Ownership is the wallet's (it owns sub-accounts), asked per request; a
 * sub-account that is not the caller's, or a manager asking for any, is a 404.
 */
@Injectable()
export class AccountScope {
  constructor(private readonly rpc: ServicesRpc) {}

  async resolve(actor: Actor, subAccountId?: string): Promise<string> {
    if (!subAccountId) return actor.accountId;
    if (actor.role !== 'owner') throw new NotFoundError('Sub-account');
    try {
      await this.rpc.send<unknown>(WalletSubjects.getSubAccount, { actor, subAccountId });
    } catch (err) {
      if (err instanceof RemoteProblemError && (err.problem.status === 404 || err.problem.status === 403)) {
        throw new NotFoundError('Sub-account');
      }
      throw err;
    }
    return subAccountId;
  }
}
