import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { RpcClient } from '@sms/nats';
import { NOTIFICATIONS_ENV, NotificationsEnv } from '../notifications-env';

/** Request/reply to the other services (wallet, identity, messaging). */
@Injectable()
export class ServicesRpc extends RpcClient implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(NOTIFICATIONS_ENV) env: NotificationsEnv) {
    super({ natsUrl: env.NATS_URL, timeoutMs: env.NATS_REQUEST_TIMEOUT_MS, name: 'notifications-rpc' });
  }
  async onModuleInit(): Promise<void> {
    await this.connect();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
