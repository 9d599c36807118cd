// The local stand-in for a load balancer in front of several gateway replicas (`REPLICAS=2 npm start`,
// the chaos --rolling run): one HTTP listener on the public port, each request forwarded round-robin
// to a replica over a fresh connection (no upstream keep-alive, so a replica that stops never has a
// request written onto a connection it is closing). A replica that refuses the connection (stopped,
// restarting) is skipped and the next one tried: nothing has reached it, so any request may move.
// A replica that dies holding a request: a request safe to repeat (GET/HEAD, or a write carrying an
// Idempotency-Key) goes to the next replica, like a real balancer's retry-on-reset; any other gets 502.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

/**
 * Starts the balancer on host:port in front of `upstreams()` (a function returning the replicas'
 * ports now, so restarted replicas on new ports are picked up). Resolves { port, stop() , stats }.
 */
export interface BalancerOptions {
  port: number;
  host?: string;
  /** The replicas' ports now (restarted replicas on new ports are picked up). */
  upstreams: () => readonly number[];
  connectRetryMs?: number;
}

export interface BalancerStats {
  requests: number;
  movedOnRefusal: number;
  upstreamLost: number;
  repeated: number;
}

export interface Balancer {
  port: number;
  stats: BalancerStats;
  stop(): Promise<void>;
}

type Req = http.IncomingMessage;
type Res = http.ServerResponse;

export async function startBalancer({
  port,
  host = '127.0.0.1',
  upstreams,
  connectRetryMs = 5000,
}: BalancerOptions): Promise<Balancer> {
  let next = 0;
  const stats: BalancerStats = { requests: 0, movedOnRefusal: 0, upstreamLost: 0, repeated: 0 };
  // Headers up to 64 KiB pass: a replica, not this stand-in, refuses over-long ones (the gateway's
  // 431 problem+json at Node's 16 KiB), as behind a real balancer configured above the app's limit.
  const server = http.createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    stats.requests++;
    const body: Buffer[] = [];
    req.on('data', (c: Buffer) => body.push(c));
    req.on('end', () => forward(req, res, Buffer.concat(body), Date.now() + connectRetryMs, 0));
  });
  server.keepAliveTimeout = 65000;

  function forward(req: Req, res: Res, body: Buffer, until: number, tried: number, lost = 0): void {
    const ports = upstreams();
    if (ports.length === 0) {
      later(req, res, body, until, tried, lost);
      return;
    }
    const upstreamPort = ports[next++ % ports.length];
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
    headers['content-length'] = String(body.length);
    headers.connection = 'close';
    const up = http.request(
      { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers, agent: false },
      (upRes) => {
        const out: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(upRes.headers)) if (!HOP_BY_HOP.has(k)) out[k] = v;
        res.writeHead(upRes.statusCode ?? 502, out);
        upRes.pipe(res);
        upRes.on('error', () => res.destroy());
      },
    );
    let connected = false;
    up.on('socket', (s) => s.once('connect', () => (connected = true)));
    up.on('error', (err: NodeJS.ErrnoException) => {
      if (!connected && (err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET')) {
        stats.movedOnRefusal++;
        if (tried + 1 < ports.length) forward(req, res, body, until, tried + 1, lost);
        else later(req, res, body, until, 0, lost);
        return;
      }
      stats.upstreamLost++;
      const repeatable = ['GET', 'HEAD'].includes(req.method ?? '') || req.headers['idempotency-key'] !== undefined;
      if (!res.headersSent && repeatable && lost < 2) {
        stats.repeated++;
        forward(req, res, body, Date.now() + connectRetryMs, 0, lost + 1);
        return;
      }
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ status: 502, title: 'Bad Gateway', detail: 'The gateway replica went away.' }));
      } else res.destroy();
    });
    up.end(body);
  }

  /** Every replica refused: wait a little for one to come up, until the connect budget is spent. */
  function later(req: Req, res: Res, body: Buffer, until: number, tried: number, lost: number): void {
    if (Date.now() > until) {
      res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '1' });
      res.end(JSON.stringify({ status: 503, title: 'Service Unavailable', detail: 'No gateway replica is up.' }));
      return;
    }
    setTimeout(() => forward(req, res, body, until, tried, lost), 100);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    stats,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
