import { backoffMs, decide } from './retry-policy';
import { AttemptOutcome } from './webhook-sender';

const s = { baseMs: 1000, maxMs: 60_000 };
const answer = (status: number | null, retryAfterMs: number | null = null): AttemptOutcome => ({
  status,
  error: status === null ? 'ECONNREFUSED' : null,
  latencyMs: 5,
  retryAfterMs,
});
const now = 1_000_000;
const later = now + 86_400_000;

describe('webhook retry policy', () => {
  it('counts any 2xx as delivered', () => {
    expect(decide(answer(200), 1, now, later, s)).toEqual({ kind: 'delivered' });
    expect(decide(answer(204), 3, now, later, s)).toEqual({ kind: 'delivered' });
  });

  it.each([500, 502, 503, 429, 408, null])('retries %p', (status) => {
    expect(decide(answer(status), 1, now, later, s, () => 0.5)).toEqual({ kind: 'retry', delayMs: 1000 });
  });

  it.each([400, 401, 404, 410, 413, 301, 302])('stops on %p', (status) => {
    expect(decide(answer(status), 1, now, later, s)).toEqual({ kind: 'give-up' });
  });

  it('doubles up to the cap with ±25 % jitter', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, s, () => 0.5))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(30, s, () => 0.5)).toBe(60_000);
    expect(backoffMs(1, s, () => 0)).toBe(750);
    expect(backoffMs(1, s, () => 0.999999)).toBe(1250);
  });

  it('honours a longer Retry-After, but not past the end of the window', () => {
    expect(decide(answer(429, 30_000), 1, now, later, s, () => 0.5)).toEqual({ kind: 'retry', delayMs: 30_000 });
    expect(decide(answer(503, 10), 3, now, later, s, () => 0.5)).toEqual({ kind: 'retry', delayMs: 4000 });
    expect(decide(answer(503, 3_600_000), 1, now, now + 5000, s)).toEqual({ kind: 'retry', delayMs: 5000 });
  });

  it('gives up once the window is over', () => {
    expect(decide(answer(500), 20, later, later, s)).toEqual({ kind: 'give-up' });
  });
});
