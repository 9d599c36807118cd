import { RpcModule } from '@sms/nats';
import { DynamicModule, Inject, Module, OnModuleInit } from '@nestjs/common';
import { DatabaseModule } from '@sms/database';
import { EventsModule } from '@sms/events';
import { CarrierPort } from './carriers/carrier.port';
import { SimulatedCarrier } from './carriers/simulated-carrier';
import { CARRIER, ThrottledCarrier } from './carriers/throttled-carrier';
import { createSmppCarrier } from './carriers/smpp/smpp-carrier.factory';
import { MessagingHealthController } from './health/messaging-health.controller';
import { DeliveryReportRecorder } from './dispatch/delivery-report.recorder';
import { Dispatcher } from './dispatch/dispatcher';
import { MESSAGING_ENV, MessagingEnv } from './messaging-env';
import { MessagingInit1764400000000 } from './migrations/1764400000000-messaging-init';
import { MessagingAwaitedReports1764700000001 } from './migrations/1764700000001-messaging-awaited-reports';
import { MessagingReservationIntents1764700000000 } from './migrations/1764700000000-messaging-reservation-intents';
import { ReservationIntentRepository } from './sending/reservation-intent.repository';
import { ReservationSweeper } from './sending/reservation-sweeper';
import { SettlementWorker } from './payments/settlement.worker';
import { AwaitedReportsWorker } from './dispatch/awaited-reports.worker';
import { WalletClient } from './payments/wallet.client';
import { CampaignRepository } from './sending/campaign.repository';
import { CampaignStore } from './sending/campaign-store';
import { SendSmsMessageController } from './sending/send-sms.message.controller';
import { SendSmsService } from './sending/send-sms.service';
import { SenderResolver } from './sending/sender-resolver';
import { SystemSmsMessageController } from './system/system-sms.message.controller';
import { SystemSmsService } from './system/system-sms.service';
import { MessagingCancellation1764900000000 } from './migrations/1764900000000-messaging-cancellation';
import { CampaignCancellationRepository } from './campaigns/campaign-cancellation.repository';
import { CampaignCancellationService } from './campaigns/campaign-cancellation.service';
import { CampaignQueryRepository } from './campaigns/campaign-query.repository';
import { CampaignQueryService } from './campaigns/campaign-query.service';
import { CampaignsMessageController } from './campaigns/campaigns.message.controller';
import { SendingBlockRepository } from './campaigns/sending-block.repository';
import { MessagingInbound1765100000000 } from './migrations/1765100000000-messaging-inbound';
import { MessagingPendingReceipts1765300000000 } from './migrations/1765300000000-messaging-pending-receipts';
import { PendingReceiptRepository } from './dispatch/pending-receipt.repository';
import { MessagingOutboxTraceparent1765400000000 } from './migrations/1765400000000-messaging-outbox-traceparent';
import { AccountScope } from './shared/account-scope';
import { InboundRepository } from './inbound/inbound.repository';
import { InboundReceiver } from './inbound/inbound-receiver';
import { InboxQueryService } from './inbound/inbox-query.service';
import { InboundMessageController } from './inbound/inbound.message.controller';
import { OptOutRepository } from './inbound/opt-out.repository';
import { OptOutService } from './inbound/opt-out.service';

export const MESSAGING_MIGRATIONS = [
  MessagingInit1764400000000,
  MessagingReservationIntents1764700000000,
  MessagingAwaitedReports1764700000001,
  MessagingCancellation1764900000000,
  MessagingInbound1765100000000,
  MessagingPendingReceipts1765300000000,
  MessagingOutboxTraceparent1765400000000,
];

function createCarrier(env: MessagingEnv): CarrierPort {
  if (env.CARRIER === 'smpp') return createSmppCarrier(env);
  const simulated = new SimulatedCarrier({ dlrDelayMs: env.SIM_DLR_DELAY_MS });
  return new ThrottledCarrier(simulated, {
    maxSubmitsPerSecond: env.CARRIER_MAX_SUBMITS_PER_SECOND,
    burst: env.CARRIER_BURST,
  });
}

/** Sending SMS: campaigns, the carrier, settlement with the wallet, message events. */
@Module({})
export class MessagingModule implements OnModuleInit {
  constructor(
    @Inject(Dispatcher) private readonly dispatcher: Dispatcher,
    @Inject(DeliveryReportRecorder) private readonly reports: DeliveryReportRecorder,
    @Inject(SettlementWorker) private readonly settlement: SettlementWorker,
  ) {}

  // Settlement runs as soon as a batch or a report committed, not on its next poll.
  onModuleInit(): void {
    this.dispatcher.onBatchCommitted = () => this.settlement.wake();
    this.reports.onCommitted = () => this.settlement.wake();
    this.dispatcher.afterCarrierClosed = () => this.reports.drain();
  }

  static register(env: MessagingEnv): DynamicModule {
    return {
      module: MessagingModule,
      imports: [
        RpcModule.forService('messaging', env),
        DatabaseModule.forService({
          url: env.DATABASE_URL,
          schema: 'messaging',
          entities: [],
          migrations: MESSAGING_MIGRATIONS,
        }),
        EventsModule.forService({
          schema: 'messaging',
          service: 'messaging',
          natsUrl: env.NATS_URL,
          natsPrefix: env.NATS_PREFIX,
        }),
      ],
      controllers: [
        SendSmsMessageController,
        SystemSmsMessageController,
        CampaignsMessageController,
        InboundMessageController,
        MessagingHealthController,
      ],
      providers: [
        { provide: MESSAGING_ENV, useValue: env },
        { provide: CARRIER, useFactory: () => createCarrier(env) },
        WalletClient,
        SenderResolver,
        CampaignRepository,
        CampaignStore,
        ReservationIntentRepository,
        ReservationSweeper,
        SendSmsService,
        Dispatcher,
        DeliveryReportRecorder,
        PendingReceiptRepository,
        AwaitedReportsWorker,
        SettlementWorker,
        SystemSmsService,
        SendingBlockRepository,
        CampaignCancellationRepository,
        CampaignCancellationService,
        CampaignQueryRepository,
        CampaignQueryService,
        AccountScope,
        InboundRepository,
        InboundReceiver,
        InboxQueryService,
        OptOutRepository,
        OptOutService,
      ],
    };
  }
}
