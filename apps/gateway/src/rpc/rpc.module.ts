import { Global, Inject, Injectable, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { RpcClient } from '@sms/nats';
import { GATEWAY_ENV, GatewayEnv } from '../gateway-env';

/** The gateway's single NATS connection for request/reply to the services. */
@Injectable()
export class ServicesClient extends RpcClient implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(GATEWAY_ENV) env: GatewayEnv) {
    super({ natsUrl: env.NATS_URL, timeoutMs: env.NATS_REQUEST_TIMEOUT_MS, name: 'gateway' });
  }
  async onModuleInit(): Promise<void> {
    await this.connect();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

@Global()
@Module({ providers: [ServicesClient], exports: [ServicesClient] })
export class RpcModule {}
