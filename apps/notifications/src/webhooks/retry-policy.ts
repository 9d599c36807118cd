import { AttemptOutcome } from './webhook-sender';

export interface RetrySettings {
  baseMs: number;
  maxMs: number;
}

export type Verdict =
  | { kind: 'delivered' }
  | { kind: 'retry'; delayMs: number }
  /** No more attempts: a 4xx (or redirect) the receiver means, or the retry window is over. */
  | { kind: 'give-up' };

/** Timeouts, connection errors, 408, 429 and 5xx are worth another try; any other answer is final. */
export function isRetryable(o: AttemptOutcome): boolean {
  return o.status === null || o.status === 408 || o.status === 429 || o.status >= 500;
}

/** base · 2^(attempt−1), capped at max, then ±25 % jitter so endpoints coming back are not stampeded. */
export function backoffMs(attempt: number, s: RetrySettings, random: () => number = Math.random): number {
  const exp = Math.min(s.maxMs, s.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.max(1, Math.round(exp * (0.75 + 0.5 * random())));
}

/**
 * What to do after attempt number `attempt` of a delivery whose retry window ends at `giveUpAt`.
 * `Retry-After` is honoured when longer than our own backoff (never beyond the window's end);
 * the last try lands on the window's end rather than being skipped.
 */
export function decide(
  outcome: AttemptOutcome,
  attempt: number,
  now: number,
  giveUpAt: number,
  s: RetrySettings,
  random: () => number = Math.random,
): Verdict {
  if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300) return { kind: 'delivered' };
  if (!isRetryable(outcome) || now >= giveUpAt) return { kind: 'give-up' };
  const delay = Math.max(backoffMs(attempt, s, random), outcome.retryAfterMs ?? 0);
  return { kind: 'retry', delayMs: Math.max(1, Math.min(delay, giveUpAt - now)) };
}
