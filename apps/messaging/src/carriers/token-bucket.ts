// Rate limiter for carrier submits; the clock is injectable so tests need no real time.

export interface TokenBucketOptions {
  /** Tokens refilled per second (the sustained submit rate). */
  ratePerSecond: number;
  /** Bucket size: max tokens usable in one burst. Defaults to ratePerSecond. */
  capacity?: number;
  /** Millisecond clock; defaults to a monotonic one so wall-clock jumps do not mint tokens. */
  now?: () => number;
}

export class TokenBucket {
  private readonly rate: number;
  private readonly capacity: number;
  private readonly now: () => number;
  private tokens: number;
  private last: number;

  constructor(opts: TokenBucketOptions) {
    if (!(opts.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be > 0');
    this.rate = opts.ratePerSecond;
    this.capacity = opts.capacity ?? opts.ratePerSecond;
    if (!(this.capacity >= 1)) throw new RangeError('capacity must be >= 1');
    this.now = opts.now ?? (() => performance.now());
    this.tokens = this.capacity;
    this.last = this.now();
  }

  /** Takes n tokens if available right now; never waits. */
  tryTake(n = 1): boolean {
    this.refill();
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }

  /** Milliseconds until n tokens will be available (0 if they already are). */
  msUntilAvailable(n = 1): number {
    if (n > this.capacity) return Infinity;
    this.refill();
    const missing = n - this.tokens;
    return missing <= 0 ? 0 : Math.ceil((missing / this.rate) * 1000);
  }

  /** Waits until n tokens are available, then takes them. */
  async take(n = 1): Promise<void> {
    if (n > this.capacity) throw new RangeError(`cannot take ${n} tokens from a bucket of ${this.capacity}`);
    while (!this.tryTake(n)) {
      await new Promise((resolve) => setTimeout(resolve, this.msUntilAvailable(n)));
    }
  }

  private refill(): void {
    const t = this.now();
    const elapsed = Math.max(0, t - this.last);
    this.last = t;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.rate) / 1000);
  }
}
