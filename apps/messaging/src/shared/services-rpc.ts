import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { RpcClient } from '@sms/nats';
import { MESSAGING_ENV, MessagingEnv } from '../messaging-env';

/** Request/reply to the other services (wallet, identity). */
@Injectable()
export class ServicesRpc extends RpcClient implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(MESSAGING_ENV) env: MessagingEnv) {
    super({ natsUrl: env.NATS_URL, timeoutMs: env.NATS_REQUEST_TIMEOUT_MS, name: 'messaging-client' });
  }
  async onModuleInit(): Promise<void> {
    await this.connect();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
