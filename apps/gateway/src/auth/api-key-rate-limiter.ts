import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_ENV, GatewayEnv } from '../gateway-env';

const WINDOW_MS = 60_000;

/**
 * Requests per minute per API key, in fixed windows kept in memory (one gateway process;
 * a fleet would share the counters). Returns the seconds to wait when over the limit.
 */
@Injectable()
export class ApiKeyRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(@Inject(GATEWAY_ENV) private readonly env: GatewayEnv) {}

  take(keyId: string, now = Date.now()): number | null {
    if (this.windows.size > 100_000) {
      for (const [id, w] of this.windows) if (now - w.start >= WINDOW_MS) this.windows.delete(id);
    }
    let w = this.windows.get(keyId);
    if (!w || now - w.start >= WINDOW_MS) {
      w = { start: now, count: 0 };
      this.windows.set(keyId, w);
    }
    w.count += 1;
    return w.count > this.env.API_KEY_RATE_LIMIT_PER_MINUTE ? Math.ceil((w.start + WINDOW_MS - now) / 1000) : null;
  }
}
