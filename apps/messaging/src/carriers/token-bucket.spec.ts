import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  let clock: number;
  const now = (): number => clock;
  beforeEach(() => {
    clock = 1_000;
  });

  it('allows a full burst then refuses', () => {
    const b = new TokenBucket({ ratePerSecond: 10, capacity: 3, now });
    expect([b.tryTake(), b.tryTake(), b.tryTake(), b.tryTake()]).toEqual([true, true, true, false]);
  });

  it('refills at the configured rate', () => {
    const b = new TokenBucket({ ratePerSecond: 10, capacity: 1, now });
    expect(b.tryTake()).toBe(true);
    expect(b.msUntilAvailable()).toBe(100);
    clock += 50;
    expect(b.tryTake()).toBe(false);
    expect(b.msUntilAvailable()).toBe(50);
    clock += 50;
    expect(b.tryTake()).toBe(true);
  });

  it('never holds more than capacity after idling', () => {
    const b = new TokenBucket({ ratePerSecond: 100, capacity: 2, now });
    clock += 60_000;
    expect(b.tryTake(2)).toBe(true);
    expect(b.tryTake()).toBe(false);
  });

  it('defaults capacity to the rate and reports Infinity for impossible requests', () => {
    const b = new TokenBucket({ ratePerSecond: 5, now });
    expect(b.tryTake(5)).toBe(true);
    expect(b.msUntilAvailable(6)).toBe(Infinity);
  });

  it('rejects invalid options', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0 })).toThrow(RangeError);
    expect(() => new TokenBucket({ ratePerSecond: 1, capacity: 0.5 })).toThrow(RangeError);
  });

  it('take() waits for a token with the real clock', async () => {
    const b = new TokenBucket({ ratePerSecond: 200, capacity: 1 });
    const start = Date.now();
    await b.take();
    await b.take();
    expect(Date.now() - start).toBeGreaterThanOrEqual(3);
  });
});
