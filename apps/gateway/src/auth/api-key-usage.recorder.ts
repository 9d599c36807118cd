import { BackgroundLoop } from '@sms/events';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { IdentityRpc, RecordApiKeyUsageCommand } from '@sms/contracts';
import { GATEWAY_ENV, GatewayEnv } from '../gateway-env';
import { RpcClient } from '@sms/nats';

/**
 * Keys' lastUsedAt, collected in memory and sent to identity in one message every
 * API_KEY_USAGE_FLUSH_MS: a request with a key never waits for, or costs, a database write.
 * A failed report is merged back and retried with the next one.
 */
@Injectable()
export class ApiKeyUsageRecorder implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ApiKeyUsageRecorder.name);
  private pending = new Map<string, number>();
  private readonly loop: BackgroundLoop;

  constructor(
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly services: RpcClient,
  ) {
    this.loop = new BackgroundLoop(() => this.flush(), {
      name: 'api key usage flush',
      intervalMs: env.API_KEY_USAGE_FLUSH_MS,
      runAtStart: false,
    });
  }

  touch(keyId: string, at = Date.now()): void {
    this.pending.set(keyId, Math.max(at, this.pending.get(keyId) ?? 0));
  }

  onModuleInit(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const cmd: RecordApiKeyUsageCommand = {
      usages: [...batch].map(([keyId, at]) => ({ keyId, usedAt: new Date(at).toISOString() })),
    };
    try {
      await this.services.send(IdentityRpc.recordApiKeyUsage, cmd);
    } catch (err) {
      for (const [keyId, at] of batch) this.touch(keyId, at);
      this.logger.warn({ msg: 'could not record api key usage; retrying with the next batch', error: String(err) });
    }
  }
}
