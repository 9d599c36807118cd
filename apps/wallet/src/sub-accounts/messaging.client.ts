import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { MessagingSubjects, SetSendingActiveCommand, SetSendingActiveResult } from '@sms/contracts';
import { RpcClient } from '@sms/nats';
import { WALLET_ENV, WalletEnv } from '../wallet-env';

/** The wallet's request/reply line to messaging: a (de)activated sub-account's sending. */
@Injectable()
export class MessagingClient extends RpcClient implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(WALLET_ENV) env: WalletEnv) {
    super({ natsUrl: env.NATS_URL, timeoutMs: env.NATS_REQUEST_TIMEOUT_MS, name: 'wallet-to-messaging' });
  }

  /** Idempotent: inactive cancels the account's queued messages (refunded), active lifts the block. */
  setSendingActive(cmd: SetSendingActiveCommand): Promise<SetSendingActiveResult> {
    return this.send<SetSendingActiveResult>(MessagingSubjects.setSendingActive, cmd);
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
