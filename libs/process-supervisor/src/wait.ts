// Readiness: poll until something is there, never a fixed sleep.

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Checked before every attempt: a reason to give up now (the process died), or null. */
  shouldAbort?: () => string | null | undefined | false;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `probe` until it returns something other than undefined and resolves that. A probe that
 * throws counts as "not yet" (its message is kept for the timeout error); `shouldAbort` ends the
 * wait with its reason. Rejects after timeoutMs naming `what` (what is awaited) and the last answer.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  { timeoutMs, intervalMs = 200, shouldAbort }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    const reason = shouldAbort?.();
    if (reason) throw new Error(reason);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last})`);
    await sleep(intervalMs);
  }
}
