import { RemoteProblemError } from '@sms/contracts';
import { requestContext } from '@sms/logging';

/** Problem codes of RpcClient meaning "nobody answered": no responder, or the one we had went away. */
const TRANSPORT_CODES = new Set(['upstream-unavailable', 'upstream-timeout']);
/**
 * Kept back from a first attempt for a second one, so that a responder killed mid-request (its
 * caller only sees a timeout) leaves time to ask another replica: a first attempt of a 5 s
 * deadline waits 4 s. A slow but alive service keeps most of the deadline.
 */
const RETRY_RESERVE_MS = 1000;
/** No attempt with less time than this (an answer needs a round trip through the broker). */
const MIN_ATTEMPT_MS = 500;
const BACKOFF_MS = [50, 100, 200, 400];

/**
 * Marks the current request as safe to repeat (the gateway's Idempotency-Key decorator calls it
 * when the client sent a key; GET and HEAD are marked when the request starts).
 */
export function markRequestRepeatable(): void {
  const store = requestContext.getStore();
  if (store) store.repeatable = true;
}

function isTransportFailure(err: unknown): boolean {
  return err instanceof RemoteProblemError && TRANSPORT_CODES.has(err.problem.code ?? '');
}

/**
 * Runs `attempt(timeoutMs)` within `deadlineMs`. A request that is safe to repeat (the request
 * context says so) is tried again after a transport failure (no responder, timeout) as long as
 * the deadline leaves MIN_ATTEMPT_MS; its first attempt leaves RETRY_RESERVE_MS (at most a
 * quarter of the deadline) for a second one, so that a replica killed while holding it does not
 * use it all. Anything else is one attempt, as before:
 * a write without an Idempotency-Key is never sent twice.
 */
export async function withRpcRetry<T>(
  attempt: (timeoutMs: number) => Promise<T>,
  deadlineMs: number,
  repeatable = requestContext.getStore()?.repeatable === true,
): Promise<T> {
  if (!repeatable) return attempt(deadlineMs);
  const until = Date.now() + deadlineMs;
  for (let n = 0; ; n++) {
    const left = until - Date.now();
    const reserve = Math.min(RETRY_RESERVE_MS, left / 4);
    const budget = n === 0 ? Math.max(MIN_ATTEMPT_MS, left - reserve) : left;
    try {
      return await attempt(Math.min(budget, left));
    } catch (err) {
      const pause = BACKOFF_MS[Math.min(n, BACKOFF_MS.length - 1)];
      if (!isTransportFailure(err) || until - Date.now() - pause < MIN_ATTEMPT_MS) throw err;
      await new Promise((r) => setTimeout(r, pause));
    }
  }
}
