import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_ENV, GatewayEnv } from '../gateway-env';
import { RATE_LIMIT_STORE, RateLimitStore } from '../rate-limit/rate-limit.store';

const WINDOW_MS = 60_000;

/**
 * Requests per minute per API key, in fixed windows of the rate-limit store (shared by every
 * gateway replica when REDIS_URL is set). Returns the seconds to wait when over the limit.
 */
@Injectable()
export class ApiKeyRateLimiter {
  constructor(
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
  ) {}

  async take(keyId: string): Promise<number | null> {
    const c = await this.store.increment(`api-key:${keyId}`, WINDOW_MS);
    return c.count > this.env.API_KEY_RATE_LIMIT_PER_MINUTE ? Math.max(1, Math.ceil(c.resetInMs / 1000)) : null;
  }
}
