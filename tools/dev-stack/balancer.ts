// The local stand-in for a load balancer in front of several gateway replicas (`REPLICAS=2 npm start`,
// the chaos --rolling run, the e2e tier with E2E_REPLICAS=2): one HTTP listener on the public port,
// each request forwarded round-robin to a replica over a fresh connection (no upstream keep-alive, so
// a replica that stops never has a request written onto a connection it is closing). The request
// body is streamed, not buffered: the replica sees the upload as it comes and may answer before it
// ends (the gateway's 413 on a declared length over its limit), as behind a real balancer.
// A replica that refuses the connection (stopped, restarting) is skipped and the next one tried:
// nothing has reached it, so any request may move. A replica that dies holding a request: a request
// safe to repeat (GET/HEAD, or a write carrying an Idempotency-Key) whose body was received whole
// goes to the next replica, like a real balancer's retry-on-reset; any other gets 502, and one whose
// upload was still under way has its connection cut, as the replica cut the balancer's.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);
/** Bodies up to this size are kept while streamed, to be repeated on another replica (above the gateway's 1 MiB limit). */
const REPEATABLE_BODY_BYTES = 2 * 1024 * 1024;

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

/** One client request on its way: where it is in its attempts, and the copy of its body for a repeat. */
interface Exchange {
  req: Req;
  res: Res;
  /** Connect budget: until then, a moment with every replica refusing is waited out. */
  until: number;
  /** Replicas that refused in a row. */
  tried: number;
  /** Replicas that died holding it. */
  lost: number;
  /** The body has started to flow to a replica (it cannot be streamed again, only repeated from `kept`). */
  streamed: boolean;
  kept: Buffer[];
  keptBytes: number;
}

/**
 * Starts the balancer on host:port in front of `upstreams()` (a function returning the replicas'
 * ports now, so restarted replicas on new ports are picked up). Resolves { port, stop(), stats }.
 */
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
    const ex: Exchange = {
      req,
      res,
      until: Date.now() + connectRetryMs,
      tried: 0,
      lost: 0,
      streamed: false,
      kept: [],
      keptBytes: 0,
    };
    forward(ex);
  });
  server.keepAliveTimeout = 65000;

  function forward(ex: Exchange): void {
    const { req, res } = ex;
    const ports = upstreams();
    if (ports.length === 0) {
      later(ex);
      return;
    }
    const upstreamPort = ports[next++ % ports.length];
    // A repeat sends the kept copy (its length known); a first attempt streams the client's body as sent.
    const replay = ex.streamed ? Buffer.concat(ex.kept) : null;
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k)) headers[k] = v;
    if (replay) headers['content-length'] = String(replay.length);
    // A body of unknown length stays chunked (Node would send a DELETE's unframed).
    else if (req.headers['transfer-encoding']) headers['transfer-encoding'] = 'chunked';
    headers.connection = 'close';
    const up = http.request({
      host: '127.0.0.1',
      port: upstreamPort,
      method: req.method,
      path: req.url,
      headers,
      agent: false,
    });
    let connected = false;
    let answered = false;
    up.on('response', (upRes) => {
      answered = true;
      const out: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(upRes.headers)) if (!HOP_BY_HOP.has(k)) out[k] = v;
      // Answered before the upload ended (a 413): the client's connection closes after the answer,
      // as the replica's does, rather than waiting for a body nobody reads.
      if (!req.complete) out.connection = 'close';
      res.writeHead(upRes.statusCode ?? 502, out);
      upRes.pipe(res);
      upRes.on('error', () => res.destroy());
    });
    up.on('socket', (s) =>
      s.once('connect', () => {
        connected = true;
        if (replay) up.end(replay);
        else stream(ex, up);
      }),
    );
    // The client went away before its answer was complete: so does the forwarded request.
    let clientGone = false;
    const dropped = (): void => {
      if (res.writableFinished) return;
      clientGone = true;
      up.destroy();
    };
    res.once('close', dropped);
    up.on('error', (err: NodeJS.ErrnoException) => {
      res.off('close', dropped);
      // The replica's answer is being relayed: an upload cut after it (EPIPE) changes nothing.
      if (answered) return;
      if (clientGone) return;
      if (!connected && (err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET')) {
        stats.movedOnRefusal++;
        ex.tried++;
        if (ex.tried < ports.length) forward(ex);
        else {
          ex.tried = 0;
          later(ex);
        }
        return;
      }
      stats.upstreamLost++;
      // Cut during the upload (a replica refusing a body it will not read closes without reading
      // it, and its answer may be lost with the connection): the client's upload is cut too, as
      // it would be without a balancer, rather than answered with a 502 the replica never sent.
      if (!req.complete) {
        req.socket.destroy();
        return;
      }
      const repeatable = ['GET', 'HEAD'].includes(req.method ?? '') || req.headers['idempotency-key'] !== undefined;
      const whole = req.complete && ex.keptBytes <= REPEATABLE_BODY_BYTES;
      if (!res.headersSent && repeatable && whole && ex.lost < 2) {
        stats.repeated++;
        ex.lost++;
        ex.tried = 0;
        ex.until = Date.now() + connectRetryMs;
        forward(ex);
        return;
      }
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'application/problem+json', connection: 'close' });
        res.end(JSON.stringify({ status: 502, title: 'Bad Gateway', detail: 'The gateway replica went away.' }));
      } else res.destroy();
    });
  }

  /** Every replica refused: wait a little for one to come up, until the connect budget is spent. */
  function later(ex: Exchange): void {
    if (Date.now() > ex.until) {
      ex.res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '1' });
      ex.res.end(JSON.stringify({ status: 503, title: 'Service Unavailable', detail: 'No gateway replica is up.' }));
      return;
    }
    setTimeout(() => forward(ex), 100);
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

/** Streams the client's body to the replica, keeping a copy (up to a bound) in case it must be repeated. */
function stream(ex: Exchange, up: http.ClientRequest): void {
  ex.streamed = true;
  ex.req.on('data', (chunk: Buffer) => {
    ex.keptBytes += chunk.length;
    if (ex.keptBytes <= REPEATABLE_BODY_BYTES) ex.kept.push(chunk);
    else ex.kept = [];
  });
  ex.req.pipe(up);
}
