// The chaos client: one HTTP call with a client-side timeout (fetch aborted), and a logical
// request that retries what a careful client retries (connection errors, timeouts, 502/503/504,
// 429) with the same Idempotency-Key, sometimes after cutting the first attempt short, and
// sometimes repeats a success (or races two copies) to prove the key is honoured.
'use strict';

const { slowness } = require('./slowness');

const RETRYABLE = new Set([0, 429, 502, 503, 504]);
/** One attempt's deadline on an idle machine (scaled: slowness.js). */
const ATTEMPT_MS = 15000;

/** One attempt. Resolves { status, body, error }; status 0 = no HTTP answer (refused, reset, aborted). */
async function call(apiUrl, { method, path, body, token, key, timeoutMs = 15000 }) {
  const headers = {};
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
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, body: json, error: null };
  } catch (err) {
    const cause = err && err.cause ? err.cause.code || err.cause.message : null;
    const aborted = err && (err.name === 'TimeoutError' || err.name === 'AbortError');
    return { status: 0, body: null, error: aborted ? 'client-timeout' : cause || String(err && err.message) };
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Without an Idempotency-Key a client may only retry what surely did not reach a service: the
 * gateway refused the connection, or no instance of the service was subscribed (no responders).
 * A timeout or a dropped connection leaves the outcome unknown.
 */
function surelyNotProcessed(res) {
  if (res.status === 0) return res.error === 'ECONNREFUSED';
  return res.status === 503 && res.body && res.body.code === 'upstream-unavailable';
}

/**
 * A logical request, retried until a definitive answer (2xx or a 4xx other than 429) or until
 * `giveUpMs` (and every attempt's 15 s deadline) times the machine's slowness when the request
 * starts: a loaded machine restarts a killed service in tens of seconds, and a request that waits it
 * out has not failed. A gateway that answers 503 still gives up (the answers come, they are 503s).
 * Options:
 *   rng            the run's random source (decides the injected timeouts and repeats)
 *   cutShort       probability that the first attempt is aborted after 5-400 ms (then retried)
 *   repeat         probability that a success is sent again with the same key (must answer the same)
 *   race           probability that two copies go out at once with the same key
 *   onUnauthorized async () => new token or null (re-login), tried once
 *   unkeyed        a POST without Idempotency-Key: retried only when it surely was not processed
 * Resolves { status, body, attempts, statuses, repeats: [{status, body}], gaveUp }.
 */
async function request(apiUrl, req, opts) {
  const { rng, cutShort = 0, repeat = 0, race = 0, giveUpMs = 45000, onUnauthorized } = opts;
  const slow = slowness();
  const deadline = Date.now() + giveUpMs * slow;
  const attemptMs = Math.round(ATTEMPT_MS * slow);
  const statuses = [];
  const repeats = [];
  let attempt = 0;
  let relogged = false;
  let last = null;
  for (;;) {
    attempt++;
    const timeoutMs = attempt === 1 && rng() < cutShort ? 5 + Math.floor(rng() * 400) : attemptMs;
    let res;
    if (attempt === 1 && req.key && rng() < race) {
      const [a, b] = await Promise.all([call(apiUrl, { ...req, timeoutMs }), call(apiUrl, { ...req, timeoutMs })]);
      repeats.push(b);
      res = a;
    } else {
      res = await call(apiUrl, { ...req, timeoutMs });
    }
    statuses.push(res.status || res.error);
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

module.exports = { call, request, RETRYABLE };
