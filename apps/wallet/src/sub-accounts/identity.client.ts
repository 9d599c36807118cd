import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { RpcClient } from '@sms/nats';
import { WALLET_ENV, WalletEnv } from '../wallet-env';

/** The wallet's request/reply line to identity (manager logins of sub-accounts). */
@Injectable()
export class IdentityClient extends RpcClient implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(WALLET_ENV) env: WalletEnv) {
    super({ natsUrl: env.NATS_URL, timeoutMs: env.NATS_REQUEST_TIMEOUT_MS, name: 'wallet-to-identity' });
  }
  async onModuleInit(): Promise<void> {
    await this.connect();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
