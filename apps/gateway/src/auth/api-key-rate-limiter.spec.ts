import { GatewayEnv } from '../gateway-env';
import { ApiKeyRateLimiter } from './api-key-rate-limiter';

describe('ApiKeyRateLimiter', () => {
  const env = new GatewayEnv();
  env.API_KEY_RATE_LIMIT_PER_MINUTE = 3;

  it('lets a key make its quota per minute, then says how long to wait; other keys are unaffected', () => {
    const limiter = new ApiKeyRateLimiter(env);
    const t0 = 1_000_000;
    expect([limiter.take('a', t0), limiter.take('a', t0 + 1), limiter.take('a', t0 + 2)]).toEqual([null, null, null]);
    expect(limiter.take('a', t0 + 10_000)).toBe(50);
    expect(limiter.take('b', t0 + 10_000)).toBeNull();
    expect(limiter.take('a', t0 + 60_000)).toBeNull();
  });
});
