import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { IdentityRpc, ReportingRpc, SummaryCommand, SummaryWorkbook, UsageSummary } from '@sms/contracts';
import { RpcClient } from '@sms/nats';
import { writeSummaryXlsx } from './summary.xlsx-writer';
import { UsageSummaryService } from './usage-summary.service';

@Controller()
export class SummaryMessageController {
  constructor(
    private readonly summaries: UsageSummaryService,
    private readonly rpc: RpcClient,
  ) {}

  @Handles(ReportingRpc.summary)
  summary(@Payload() cmd: SummaryCommand): Promise<UsageSummary> {
    return this.summaries.summary(cmd);
  }

  /** The same summary as a workbook, labelled in the caller's account language (Italian by default). */
  @Handles(ReportingRpc.summaryXlsx)
  async workbook(@Payload() cmd: SummaryCommand): Promise<SummaryWorkbook> {
    const summary = await this.summaries.summary(cmd);
    const account = await this.rpc.send(IdentityRpc.getAccountSummary, {
      accountId: cmd.actor.accountId,
    });
    const bytes = await writeSummaryXlsx(summary, account.language === 'en' ? 'en' : 'it');
    return { fileName: `summary-${summary.from}-${summary.to}.xlsx`, base64: bytes.toString('base64') };
  }
}
