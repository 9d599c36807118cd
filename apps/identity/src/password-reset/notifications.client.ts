import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { RpcClient } from '@sms/nats';
import { IDENTITY_ENV, IdentityEnv } from '../identity-env';

/** Request/reply to notifications, which owns outgoing e-mail (SMTP). */
@Injectable()
export class NotificationsClient extends RpcClient implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(IDENTITY_ENV) env: IdentityEnv) {
    // Sending waits for the SMTP server's answer: allow it more than a lookup.
    super({ natsUrl: env.NATS_URL, timeoutMs: Math.max(env.NATS_REQUEST_TIMEOUT_MS, 20_000), name: 'identity-client' });
  }
  async onModuleInit(): Promise<void> {
    await this.connect();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
