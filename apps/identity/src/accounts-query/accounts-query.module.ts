import { Module } from '@nestjs/common';
import { AccountSummaryMessageController } from './account-summary.message.controller';
import { AccountSummaryRepository } from './account-summary.repository';

/** Read-only account queries for other services. Uses the DataSource of the identity module. */
@Module({
  controllers: [AccountSummaryMessageController],
  providers: [AccountSummaryRepository],
})
export class AccountsQueryModule {}
