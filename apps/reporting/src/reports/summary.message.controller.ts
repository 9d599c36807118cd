import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AccountSummary,
  IdentitySubjects,
  ReportingSubjects,
  SummaryCommand,
  SummaryWorkbook,
  UsageSummary,
} from '@sms/contracts';
import { ServicesRpc } from '../shared/services-rpc';
import { writeSummaryXlsx } from './summary.xlsx-writer';
import { UsageSummaryService } from './usage-summary.service';

@Controller()
export class SummaryMessageController {
  constructor(
    private readonly summaries: UsageSummaryService,
    private readonly rpc: ServicesRpc,
  ) {}

  @MessagePattern(ReportingSubjects.summary)
  summary(@Payload() cmd: SummaryCommand): Promise<UsageSummary> {
    return this.summaries.summary(cmd);
  }

  /** The same summary as a workbook, labelled in the caller's account language (Italian by default). */
  @MessagePattern(ReportingSubjects.summaryXlsx)
  async workbook(@Payload() cmd: SummaryCommand): Promise<SummaryWorkbook> {
    const summary = await this.summaries.summary(cmd);
    const account = await this.rpc.send<AccountSummary>(IdentitySubjects.getAccountSummary, {
      accountId: cmd.actor.accountId,
    });
    const bytes = await writeSummaryXlsx(summary, account.language === 'en' ? 'en' : 'it');
    return { fileName: `summary-${summary.from}-${summary.to}.xlsx`, base64: bytes.toString('base64') };
  }
}
