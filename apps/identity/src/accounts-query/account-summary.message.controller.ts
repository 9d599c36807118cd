import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AccountSummary, GetAccountSummaryQuery, IdentityRpc } from '@sms/contracts';
import { AccountSummaryRepository } from './account-summary.repository';

/** Internal query for other services (notifications); the gateway never routes to it. */
@Controller()
export class AccountSummaryMessageController {
  constructor(private readonly accounts: AccountSummaryRepository) {}

  @Handles(IdentityRpc.getAccountSummary)
  get(@Payload() q: GetAccountSummaryQuery): Promise<AccountSummary> {
    return this.accounts.get(q.accountId);
  }
}
