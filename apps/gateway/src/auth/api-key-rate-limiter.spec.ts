import { GatewayEnv } from '../gateway-env';
import { MemoryRateLimitStore } from '../rate-limit/memory-rate-limit.store';
import { ApiKeyRateLimiter } from './api-key-rate-limiter';

describe('ApiKeyRateLimiter', () => {
  const env = new GatewayEnv();
  env.API_KEY_RATE_LIMIT_PER_MINUTE = 3;

  it('lets a key make its quota per minute, then says how long to wait; other keys are unaffected', async () => {
    let now = 1_000_000;
    const limiter = new ApiKeyRateLimiter(env, new MemoryRateLimitStore(1000, () => now));
    expect([await limiter.take('a'), await limiter.take('a'), await limiter.take('a')]).toEqual([null, null, null]);
    now += 10_000;
    await expect(limiter.take('a')).resolves.toBe(50);
    await expect(limiter.take('b')).resolves.toBeNull();
    now += 50_000;
    await expect(limiter.take('a')).resolves.toBeNull();
  });
});
