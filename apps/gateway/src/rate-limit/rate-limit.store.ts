/** A counter and the time until it resets. */
export interface Counter {
  count: number;
  resetInMs: number;
}

/**
 * Where the gateway's rate-limit counters live: Redis when `REDIS_URL` is set (shared by every
 * replica), else the process's memory (one replica).
 */
export interface RateLimitStore {
  /**
   * Adds one to `key`. The counter expires `ttlMs` after its first hit (a fixed window), or after
   * its latest one when `slide` is set (failures that are forgotten after a quiet period).
   */
  increment(key: string, ttlMs: number, slide?: boolean): Promise<Counter>;
  /** The counter as it stands (count 0 when absent). */
  peek(key: string): Promise<Counter>;
  /** Forgets the counter (a successful login clears its failures). */
  reset(key: string): Promise<void>;
}

export const RATE_LIMIT_STORE = Symbol('RATE_LIMIT_STORE');
