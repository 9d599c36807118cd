import { Logger } from '@nestjs/common';
import { MemoryRateLimitStore } from './memory-rate-limit.store';
import { Counter, RateLimitStore } from './rate-limit.store';
import { RespConnection } from './resp-connection';

// One round trip, atomic: the count and its expiry move together for every replica.
const INCREMENT = `local n = redis.call('INCR', KEYS[1])
if n == 1 or ARGV[2] == '1' then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}`;
const PEEK = `local n = redis.call('GET', KEYS[1])
if not n then return {0, 0} end
return {tonumber(n), redis.call('PTTL', KEYS[1])}`;

/**
 * Counters in Redis, shared by every gateway replica; keys expire with their window, so Redis
 * holds only live counters. While Redis cannot be reached the gateway counts in its own memory
 * (each replica on its own, logged once per outage) rather than refusing every login.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly logger = new Logger('RateLimits');
  private readonly fallback = new MemoryRateLimitStore();
  private degraded = false;

  constructor(
    private readonly redis: RespConnection,
    private readonly prefix: string,
  ) {}

  async increment(key: string, ttlMs: number, slide = false): Promise<Counter> {
    return this.run(
      async () =>
        toCounter(await this.redis.call('EVAL', INCREMENT, '1', this.prefix + key, String(ttlMs), slide ? '1' : '0')),
      () => this.fallback.increment(key, ttlMs, slide),
    );
  }

  async peek(key: string): Promise<Counter> {
    return this.run(
      async () => toCounter(await this.redis.call('EVAL', PEEK, '1', this.prefix + key)),
      () => this.fallback.peek(key),
    );
  }

  async reset(key: string): Promise<void> {
    await this.run(
      async () => {
        await this.redis.call('DEL', this.prefix + key);
      },
      () => this.fallback.reset(key),
    );
  }

  close(): void {
    this.redis.close();
  }

  private async run<T>(shared: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    try {
      const result = await shared();
      if (this.degraded) this.logger.log('Redis reachable again: rate limits are shared again');
      this.degraded = false;
      return result;
    } catch (err) {
      if (!this.degraded) this.logger.warn(`Redis unreachable, counting in this process meanwhile: ${String(err)}`);
      this.degraded = true;
      return local();
    }
  }
}

function toCounter(reply: unknown): Counter {
  if (!Array.isArray(reply) || typeof reply[0] !== 'number' || typeof reply[1] !== 'number') {
    throw new Error(`redis: unexpected reply ${JSON.stringify(reply)}`);
  }
  return { count: reply[0], resetInMs: Math.max(0, reply[1]) };
}
