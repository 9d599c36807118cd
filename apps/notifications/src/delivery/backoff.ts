/**
 * Delay before the next delivery attempt: base · 2^(attempt−1), capped, with ±20 % jitter so
 * that alerts failing together (SMTP down) do not all retry in the same instant.
 */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.max(1, Math.round(exp * (0.8 + 0.4 * random())));
}
