import { RpcModule } from '@sms/nats';
import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, healthControllerFor } from '@sms/database';
import { EventsModule } from '@sms/events';
import { ExportMessageController } from './exports/export.message.controller';
import { ReceiptsExportService } from './exports/receipts-export.service';
import { AccountScope } from './history/account-scope';
import { HistoryMessageController } from './history/history.message.controller';
import { HistoryRepository } from './history/history.repository';
import { HistoryService } from './history/history.service';
import { ReportingInit1764400000000 } from './migrations/1764400000000-reporting-init';
import { ReportingCancelledStatus1764900000010 } from './migrations/1764900000010-reporting-cancelled-status';
import { HistoryEventsConsumer } from './projection/history-events.consumer';
import { MessageProjection } from './projection/message.projection';
import { REPORTING_ENV, ReportingEnv } from './reporting-env';
import { ReportingUsageRollups1764913000000 } from './migrations/1764913000000-reporting-usage-rollups';
import { UsageRollup } from './projection/usage-rollup';
import { SummaryMessageController } from './reports/summary.message.controller';
import { UsageSummaryRepository } from './reports/usage-summary.repository';
import { UsageSummaryService } from './reports/usage-summary.service';
import { ReportingAuditLog1764913000001 } from './migrations/1764913000001-reporting-audit-log';
import { ReportingUsageMonthly1764913000002 } from './migrations/1764913000002-reporting-usage-monthly';
import { ReportingBlockedStatus1765100000010 } from './migrations/1765100000010-reporting-blocked-status';
import { ReportingOutboxTraceparent1765400000000 } from './migrations/1765400000000-reporting-outbox-traceparent';
import { ReportingMessagesFillfactor1765500000000 } from './migrations/1765500000000-reporting-messages-fillfactor';
import { AuditLogAppender } from './audit/audit-log.appender';
import { AuditLogRepository } from './audit/audit-log.repository';
import { AuditLogService } from './audit/audit-log.service';
import { AuditMessageController } from './audit/audit.message.controller';

export const REPORTING_MIGRATIONS = [
  ReportingInit1764400000000,
  ReportingCancelledStatus1764900000010,
  ReportingUsageRollups1764913000000,
  ReportingAuditLog1764913000001,
  ReportingUsageMonthly1764913000002,
  ReportingBlockedStatus1765100000010,
  ReportingOutboxTraceparent1765400000000,
  ReportingMessagesFillfactor1765500000000,
];

/** Message history and delivery-receipt exports, from messaging's events. */
@Module({})
export class ReportingModule {
  static register(env: ReportingEnv): DynamicModule {
    return {
      module: ReportingModule,
      imports: [
        RpcModule.forService('reporting', env),
        DatabaseModule.forService({
          url: env.DATABASE_URL,
          schema: 'reporting',
          entities: [],
          migrations: REPORTING_MIGRATIONS,
        }),
        EventsModule.forService({
          schema: 'reporting',
          service: 'reporting',
          natsUrl: env.NATS_URL,
          natsPrefix: env.NATS_PREFIX,
        }),
      ],
      controllers: [
        HistoryMessageController,
        ExportMessageController,
        SummaryMessageController,
        AuditMessageController,
        healthControllerFor('reporting'),
      ],
      providers: [
        { provide: REPORTING_ENV, useValue: env },
        AccountScope,
        HistoryRepository,
        HistoryService,
        MessageProjection,
        HistoryEventsConsumer,
        ReceiptsExportService,
        UsageRollup,
        UsageSummaryRepository,
        UsageSummaryService,
        AuditLogAppender,
        AuditLogRepository,
        AuditLogService,
      ],
    };
  }
}
