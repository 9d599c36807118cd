/**
 * After `free` failures, each further attempt waits `baseSeconds · 2^(failures − free)` after
 * the latest failure, at most `maxSeconds`: a guesser is slowed exponentially while the owner
 * of the address, after a short wait, can always try again (no lock-out).
 */
export function backoffSeconds(failures: number, free: number, baseSeconds: number, maxSeconds: number): number {
  if (failures < free) return 0;
  return Math.min(maxSeconds, baseSeconds * 2 ** Math.min(failures - free, 30));
}

/** Seconds still to wait, given the failures' counter (expiring `windowMs` after the latest failure). */
export function secondsLeft(backoff: number, windowMs: number, resetInMs: number): number {
  const sinceLastFailureMs = windowMs - resetInMs;
  return Math.max(0, Math.ceil(backoff - sinceLastFailureMs / 1000));
}
