import * as http from 'node:http';
import * as https from 'node:https';
import { isIP } from 'node:net';
import { CheckedTarget, effectivePort } from './url-guard';

/** What one attempt came to. */
export interface AttemptOutcome {
  /** HTTP status, null when no response came (timeout, refused, reset, TLS). */
  status: number | null;
  error: string | null;
  latencyMs: number;
  /** From a `Retry-After` header (seconds or HTTP date), when there was one. */
  retryAfterMs: number | null;
}

/** The receiver's answer body is read (so the connection can be reused) up to this, then dropped. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * POSTs one delivery. Connects to the address the guard checked (pinned: no second DNS lookup),
 * presents the URL's host name (Host header, TLS SNI and certificate check), follows no
 * redirect, and gives up after `timeoutMs` in total so a slow receiver cannot hold a worker.
 */
export class WebhookSender {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  /** `socketsPerHost`: keep-alive connections kept per receiver (host, port, TLS name). */
  constructor(
    private readonly timeoutMs: number,
    socketsPerHost = 16,
  ) {
    const opts = { keepAlive: true, maxSockets: socketsPerHost, maxFreeSockets: socketsPerHost, timeout: 30_000 };
    this.httpAgent = new http.Agent(opts);
    this.httpsAgent = new https.Agent(opts);
  }

  post(target: CheckedTarget, headers: Record<string, string>, body: string): Promise<AttemptOutcome> {
    const started = performance.now();
    const url = target.url;
    const secure = url.protocol === 'https:';
    const hostName = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const options: https.RequestOptions = {
      method: 'POST',
      host: target.address,
      family: target.family,
      port: effectivePort(url),
      path: `${url.pathname}${url.search}`,
      agent: secure ? this.httpsAgent : this.httpAgent,
      headers: {
        ...headers,
        host: url.host,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'sms-platform-webhooks/1',
      },
      ...(secure ? { servername: isIP(hostName) ? undefined : hostName } : {}),
    };
    return new Promise<AttemptOutcome>((resolve) => {
      let settled = false;
      const finish = (status: number | null, error: string | null, retryAfterMs: number | null = null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status, error, retryAfterMs, latencyMs: Math.round(performance.now() - started) });
      };
      const req = (secure ? https : http).request(options, (res) => {
        let read = 0;
        const status = res.statusCode ?? 0;
        const retryAfter = parseRetryAfter(res.headers['retry-after'] as string | undefined);
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) {
            // The status is all we need: stop reading a receiver that answers with a flood.
            req.destroy();
            finish(status, null, retryAfter);
          }
        });
        res.on('end', () => finish(status, null, retryAfter));
        res.on('error', () => finish(status, null, retryAfter));
        res.on('aborted', () => finish(status, null, retryAfter));
      });
      const timer = setTimeout(() => {
        req.destroy(new Error(`timed out after ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      req.on('error', (err: NodeJS.ErrnoException) =>
        finish(null, err.code ? `${err.code}: ${err.message}` : err.message),
      );
      req.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
