import { Counter, RateLimitStore } from './rate-limit.store';

/**
 * Counters in this process: for a single gateway (npm start with no REDIS_URL). Memory is
 * bounded: past `maxKeys` the oldest-written counter is dropped (Map keeps insertion order and
 * every write re-inserts), so a flood of distinct keys costs a bounded map, never a full sweep.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly counters = new Map<string, { count: number; expiresAt: number }>();

  constructor(
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.counters.size;
  }

  increment(key: string, ttlMs: number, slide = false): Promise<Counter> {
    const now = this.now();
    const current = this.live(key, now);
    const entry = current ?? { count: 0, expiresAt: now + ttlMs };
    entry.count += 1;
    if (slide) entry.expiresAt = now + ttlMs;
    this.counters.delete(key);
    this.counters.set(key, entry);
    while (this.counters.size > this.maxKeys) {
      const oldest = this.counters.keys().next().value as string;
      this.counters.delete(oldest);
    }
    return Promise.resolve({ count: entry.count, resetInMs: entry.expiresAt - now });
  }

  peek(key: string): Promise<Counter> {
    const now = this.now();
    const entry = this.live(key, now);
    return Promise.resolve(
      entry ? { count: entry.count, resetInMs: entry.expiresAt - now } : { count: 0, resetInMs: 0 },
    );
  }

  reset(key: string): Promise<void> {
    this.counters.delete(key);
    return Promise.resolve();
  }

  private live(key: string, now: number): { count: number; expiresAt: number } | undefined {
    const entry = this.counters.get(key);
    if (entry && entry.expiresAt <= now) {
      this.counters.delete(key);
      return undefined;
    }
    return entry;
  }
}
