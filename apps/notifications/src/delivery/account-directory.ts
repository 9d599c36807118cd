import { Inject, Injectable } from '@nestjs/common';
import { AccountSummary, GetAccountSummaryQuery, IdentityRpc, RemoteProblemError } from '@sms/contracts';
import { RpcClient } from '@sms/nats';

/** Name and language of an account, from identity (asked at delivery time, so a language change counts). */
@Injectable()
export class AccountDirectory {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  /** null when identity does not know the account (the alert still goes out, in Italian, unnamed). */
  async summary(accountId: string): Promise<AccountSummary | null> {
    const q: GetAccountSummaryQuery = { accountId };
    try {
      return await this.rpc.send(IdentityRpc.getAccountSummary, q);
    } catch (err) {
      if (err instanceof RemoteProblemError && err.problem.status === 404) return null;
      throw err;
    }
  }
}
