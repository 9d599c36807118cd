import { randomUUID } from 'node:crypto';
import { RedisRateLimitStore } from './redis-rate-limit.store';
import { RespConnection } from './resp-connection';

describe('RedisRateLimitStore (real Redis)', () => {
  const redisUrl = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = `test:rl:${randomUUID()}:`;
  const one = new RedisRateLimitStore(new RespConnection(redisUrl), prefix);
  const two = new RedisRateLimitStore(new RespConnection(redisUrl), prefix);

  afterAll(() => {
    one.close();
    two.close();
  });

  it('shares counters between connections, with their expiry, and forgets them on reset', async () => {
    await one.increment('k', 60_000);
    const second = await two.increment('k', 60_000);
    expect(second.count).toBe(2);
    expect(second.resetInMs).toBeGreaterThan(50_000);
    await expect(one.peek('k')).resolves.toMatchObject({ count: 2 });
    await two.reset('k');
    await expect(one.peek('k')).resolves.toEqual({ count: 0, resetInMs: 0 });
  });

  it('counts in this process while Redis cannot be reached', async () => {
    const down = new RedisRateLimitStore(new RespConnection(new URL('redis://127.0.0.1:1'), 500), prefix);
    await down.increment('x', 60_000);
    await expect(down.increment('x', 60_000)).resolves.toMatchObject({ count: 2 });
    down.close();
  });
});
