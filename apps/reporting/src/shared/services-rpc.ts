import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { RpcClient } from '@sms/nats';
import { REPORTING_ENV, ReportingEnv } from '../reporting-env';

/** Request/reply to the other services (the wallet, for sub-account ownership). */
@Injectable()
export class ServicesRpc extends RpcClient implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(REPORTING_ENV) env: ReportingEnv) {
    super({ natsUrl: env.NATS_URL, timeoutMs: env.NATS_REQUEST_TIMEOUT_MS, name: 'reporting-client' });
  }
  async onModuleInit(): Promise<void> {
    await this.connect();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
