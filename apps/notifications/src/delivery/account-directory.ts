import { Inject, Injectable } from '@nestjs/common';
import { AccountSummary, GetAccountSummaryQuery, IdentitySubjects, RemoteProblemError } from '@sms/contracts';
import { ServicesRpc } from '../rpc/services-rpc';

/** Name and language of an account, from identity (asked at delivery time, so a language change counts). */
@Injectable()
export class AccountDirectory {
  constructor(@Inject(ServicesRpc) private readonly rpc: ServicesRpc) {}

  /** null when identity does not know the account (the alert still goes out, in Italian, unnamed). */
  async summary(accountId: string): Promise<AccountSummary | null> {
    const q: GetAccountSummaryQuery = { accountId };
    try {
      return await this.rpc.send<AccountSummary>(IdentitySubjects.getAccountSummary, q);
    } catch (err) {
      if (err instanceof RemoteProblemError && err.problem.status === 404) return null;
      throw err;
    }
  }
}
