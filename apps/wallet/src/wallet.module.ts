import { RpcModule } from '@sms/nats';
import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, healthControllerFor } from '@sms/database';
import { EventsModule } from '@sms/events';
import { AccountMessageController } from './account/account.message.controller';
import { BalanceService } from './account/balance.service';
import { TransactionsRepository } from './account/transactions.repository';
import { LedgerTx } from './ledger/ledger-tx';
import { LedgerVerifier } from './ledger/ledger-verifier';
import { LedgerRepository } from './ledger/ledger.repository';
import { WalletLedger1764500000000 } from './migrations/1764500000000-wallet-ledger';
import { LedgerRowsWithoutWalletFks1764600000000 } from './migrations/1764600000000-ledger-rows-without-wallet-fks';
import { SubAccountListFields1764800000000 } from './migrations/1764800000000-sub-account-list-fields';
import { WalletOutboxTraceparent1765400000000 } from './migrations/1765400000000-wallet-outbox-traceparent';
import { InvoicePaidConsumer } from './purchases/invoice-paid.consumer';
import { PurchaseService } from './purchases/purchase.service';
import { ReservationMessageController } from './reservations/reservation.message.controller';
import { ReservationService } from './reservations/reservation.service';
import { ReserveBatcher } from './reservations/reserve-batcher';
import { RefundBatch } from './reservations/refund-batch';
import { MessagingClient } from './sub-accounts/messaging.client';
import { ManagerContactConsumer } from './sub-accounts/manager-contact.consumer';
import { ManagerSaga } from './sub-accounts/manager-saga';
import { MessagesSentConsumer } from './sub-accounts/messages-sent.consumer';
import { SubAccountCreditsService } from './sub-accounts/sub-account-credits.service';
import { SubAccountLifecycleService } from './sub-accounts/sub-account-lifecycle.service';
import { SubAccountListService } from './sub-accounts/sub-account-list.service';
import { SubAccountMessageController } from './sub-accounts/sub-account.message.controller';
import { SubAccountRepository } from './sub-accounts/sub-account.repository';
import { WALLET_ENV, WalletEnv } from './wallet-env';

export const WALLET_MIGRATIONS: (new () => object)[] = [
  WalletLedger1764500000000,
  LedgerRowsWithoutWalletFks1764600000000,
  SubAccountListFields1764800000000,
  WalletOutboxTraceparent1765400000000,
];

/** The credit ledger: wallets, sub-accounts, reservations for messaging, purchases from billing. */
@Module({})
export class WalletModule {
  static register(env: WalletEnv): DynamicModule {
    return {
      module: WalletModule,
      imports: [
        RpcModule.forService('wallet', env),
        DatabaseModule.forService({
          url: env.DATABASE_URL,
          schema: 'wallet',
          entities: [],
          migrations: WALLET_MIGRATIONS,
          poolSize: env.DATABASE_POOL_SIZE,
        }),
        EventsModule.forService({
          schema: 'wallet',
          service: 'wallet',
          natsUrl: env.NATS_URL,
          natsPrefix: env.NATS_PREFIX,
        }),
      ],
      controllers: [
        AccountMessageController,
        SubAccountMessageController,
        ReservationMessageController,
        healthControllerFor('wallet'),
      ],
      providers: [
        { provide: WALLET_ENV, useValue: env },
        LedgerTx,
        LedgerRepository,
        LedgerVerifier,
        BalanceService,
        TransactionsRepository,
        ReservationService,
        ReserveBatcher,
        RefundBatch,
        PurchaseService,
        InvoicePaidConsumer,
        MessagingClient,
        ManagerSaga,
        SubAccountRepository,
        SubAccountListService,
        SubAccountCreditsService,
        SubAccountLifecycleService,
        ManagerContactConsumer,
        MessagesSentConsumer,
      ],
    };
  }
}
