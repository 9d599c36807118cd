// The chaos client: one HTTP call with a client-side timeout (fetch aborted), and a logical
// request that retries what a careful client retries (connection errors, timeouts, 502/503/504,
// 429) with the same Idempotency-Key, sometimes after cutting the first attempt short, and
// sometimes repeats a success (or races two copies) to prove the key is honoured.
import { slowness } from './slowness';
import type { ApiBody, CallResult, HttpReq, RequestResult, Rng } from './types';

export const RETRYABLE = new Set([0, 429, 502, 503, 504]);
/** One attempt's deadline on an idle machine (scaled: slowness.ts). */
const ATTEMPT_MS = 15000;

/** One attempt. Resolves { status, body, error }; status 0 = no HTTP answer (refused, reset, aborted). */
export async function call(apiUrl: string, req: HttpReq & { timeoutMs?: number }): Promise<CallResult> {
  const { method, path, body, token, key, timeoutMs = ATTEMPT_MS } = req;
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  if (key) headers['idempotency-key'] = key;
  try {
    const res = await fetch(apiUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let json: ApiBody | null = null;
    try {
      json = text ? (JSON.parse(text) as ApiBody) : null;
    } catch {
      json = null;
    }
    return { status: res.status, body: json, error: null };
  } catch (err) {
    const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    const cause = e.cause ? (e.cause.code ?? e.cause.message ?? null) : null;
    const aborted = e.name === 'TimeoutError' || e.name === 'AbortError';
    return { status: 0, body: null, error: aborted ? 'client-timeout' : (cause ?? String(e.message)) };
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Without an Idempotency-Key a client may only retry what surely did not reach a service: the
 * gateway refused the connection, or no instance of the service was subscribed (no responders).
 * A timeout or a dropped connection leaves the outcome unknown.
 */
function surelyNotProcessed(res: CallResult): boolean {
  if (res.status === 0) return res.error === 'ECONNREFUSED';
  return res.status === 503 && res.body?.code === 'upstream-unavailable';
}

export interface RequestOptions {
  /** The run's random source (decides the injected timeouts and repeats). */
  rng: Rng;
  /** Probability that the first attempt is aborted after 5-400 ms (then retried). */
  cutShort?: number;
  /** Probability that a success is sent again with the same key (must answer the same). */
  repeat?: number;
  /** Probability that two copies go out at once with the same key. */
  race?: number;
  giveUpMs?: number;
  /** Re-login: resolves a new token or null; tried once. */
  onUnauthorized?: () => Promise<string | null>;
  /** A POST without Idempotency-Key: retried only when it surely was not processed. */
  unkeyed?: boolean;
}

/**
 * A logical request, retried until a definitive answer (2xx or a 4xx other than 429) or until
 * `giveUpMs` (and every attempt's 15 s deadline) times the machine's slowness when the request
 * starts: a loaded machine restarts a killed service in tens of seconds, and a request that waits it
 * out has not failed. A gateway that answers 503 still gives up (the answers come, they are 503s).
 */
export async function request(apiUrl: string, req: HttpReq, opts: RequestOptions): Promise<RequestResult> {
  const { rng, cutShort = 0, repeat = 0, race = 0, giveUpMs = 45000, onUnauthorized } = opts;
  const slow = slowness();
  const deadline = Date.now() + giveUpMs * slow;
  const attemptMs = Math.round(ATTEMPT_MS * slow);
  const statuses: (number | string)[] = [];
  const repeats: CallResult[] = [];
  let attempt = 0;
  let relogged = false;
  let last: CallResult;
  for (;;) {
    attempt++;
    const timeoutMs = attempt === 1 && rng() < cutShort ? 5 + Math.floor(rng() * 400) : attemptMs;
    let res: CallResult;
    if (attempt === 1 && req.key && rng() < race) {
      const [a, b] = await Promise.all([call(apiUrl, { ...req, timeoutMs }), call(apiUrl, { ...req, timeoutMs })]);
      repeats.push(b);
      res = a;
    } else {
      res = await call(apiUrl, { ...req, timeoutMs });
    }
    statuses.push(res.status || (res.error ?? 'no-answer'));
    last = res;
    if (res.status === 401 && onUnauthorized && !relogged) {
      relogged = true;
      const token = await onUnauthorized();
      if (token) {
        req = { ...req, token };
        continue;
      }
    }
    if (!RETRYABLE.has(res.status)) break;
    if (req.method === 'POST' && !req.key && opts.unkeyed && !surelyNotProcessed(res)) {
      return { ...res, attempts: attempt, statuses, repeats, gaveUp: true, unknownOutcome: true };
    }
    if (Date.now() > deadline) return { ...res, attempts: attempt, statuses, repeats, gaveUp: true };
    await sleep(Math.min(2000, 100 * 2 ** Math.min(attempt, 5)) + Math.floor(rng() * 100));
  }
  if (req.key && last.status >= 200 && last.status < 300 && rng() < repeat) {
    const again = await call(apiUrl, { ...req, timeoutMs: attemptMs });
    if (!RETRYABLE.has(again.status)) repeats.push(again);
  }
  return { ...last, attempts: attempt, statuses, repeats, gaveUp: false };
}
