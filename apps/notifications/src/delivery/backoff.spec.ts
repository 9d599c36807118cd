import { retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  const mid = () => 0.5;
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, 1000, 5000, mid))).toEqual([1000, 2000, 4000, 5000]);
    expect(retryDelayMs(500, 1000, 300_000, mid)).toBe(300_000);
  });
  it('jitters within ±20 %', () => {
    expect(retryDelayMs(1, 1000, 5000, () => 0)).toBe(800);
    expect(retryDelayMs(1, 1000, 5000, () => 1)).toBe(1200);
  });
});
