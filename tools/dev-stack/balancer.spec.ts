// The dev balancer in front of gateway replicas: a stopped replica is skipped, a replica that dies
// holding a request has it repeated elsewhere only when the request is safe to repeat.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

const { startBalancer } = require('./balancer') as {
  startBalancer(o: { port: number; upstreams: () => number[] }): Promise<{ port: number; stop(): Promise<void> }>;
};

interface Upstream {
  port: number;
  hits: string[];
  /** The request bodies it read whole. */
  bodies: string[];
  close(): Promise<void>;
}

/** A replica answering `name`, or dropping the connection (a kill -9 mid-request) when `dies`. */
async function upstream(name: string, dies = false): Promise<Upstream> {
  const hits: string[] = [];
  const bodies: string[] = [];
  const server = http.createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    hits.push(`${req.method} ${req.url}`);
    if (dies) return req.socket.destroy();
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(body);
      res.end(name);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    bodies,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const call = async (port: number, init: RequestInit = {}) => {
  const res = await fetch(`http://127.0.0.1:${port}/x`, init);
  return { status: res.status, body: await res.text() };
};

describe('dev balancer', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('spreads requests round-robin and skips a replica that refuses connections', async () => {
    const a = await upstream('a');
    const b = await upstream('b');
    cleanup.push(a.close);
    const bPort = b.port;
    await b.close(); // stopped: nothing listens on its port any more
    const lb = await startBalancer({ port: 0, upstreams: () => [a.port, bPort] });
    cleanup.push(lb.stop);
    const answers = await Promise.all([1, 2, 3, 4].map(() => call(lb.port)));
    expect(answers).toEqual(Array(4).fill({ status: 200, body: 'a' }));
  });

  it('leaves over-long request lines to the replica (whose limit decides), not to its own 16 KiB default', async () => {
    const a = await upstream('a');
    cleanup.push(a.close);
    const lb = await startBalancer({ port: 0, upstreams: () => [a.port] });
    cleanup.push(lb.stop);
    const long = `/x?q=${'x'.repeat(20_000)}`;
    const res = await fetch(`http://127.0.0.1:${lb.port}${long}`);
    expect(res.status).toBe(200);
    expect(a.hits).toEqual([`GET ${long}`]);
  });

  it('repeats a GET or a keyed POST whose replica died holding it, never a POST without a key', async () => {
    const dying = await upstream('x', true);
    const alive = await upstream('ok');
    cleanup.push(dying.close, alive.close);
    const lb = await startBalancer({ port: 0, upstreams: () => [dying.port, alive.port] });
    cleanup.push(lb.stop);
    await expect(call(lb.port)).resolves.toEqual({ status: 200, body: 'ok' });
    const keyed = { method: 'POST', body: '{}', headers: { 'idempotency-key': 'k1' } };
    await expect(call(lb.port, keyed)).resolves.toEqual({ status: 200, body: 'ok' });
    expect(alive.bodies).toEqual(['', '{}']); // the repeat carries the body
    // Round-robin: make sure the next unkeyed POST goes to the dying replica first.
    const before = dying.hits.length;
    const results = await Promise.all([1, 2].map(() => call(lb.port, { method: 'POST', body: '{}' })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 502]);
    expect(dying.hits.length).toBe(before + 1);
  });

  it('streams the body: a replica may answer before the upload ends (413 on the declared length)', async () => {
    const refusing = http.createServer((_req, res) => {
      res.writeHead(413, { connection: 'close' });
      res.end('too large');
    });
    await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise<void>((r) => refusing.close(() => r())));
    const lb = await startBalancer({ port: 0, upstreams: () => [(refusing.address() as AddressInfo).port] });
    cleanup.push(lb.stop);
    // 3 MiB declared, a few bytes sent and the rest never: only a streamed request can be answered.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`http://127.0.0.1:${lb.port}/x`, {
        method: 'POST',
        agent: false,
        headers: { 'content-length': String(3 * 1024 * 1024) },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body });
          req.destroy();
        });
      });
      req.on('error', reject);
      req.write('{"a":');
    });
    expect(answer).toEqual({ status: 413, body: 'too large' });
  });

  it('passes a large body through whole, with or without a declared length', async () => {
    const a = await upstream('a');
    cleanup.push(a.close);
    const lb = await startBalancer({ port: 0, upstreams: () => [a.port] });
    cleanup.push(lb.stop);
    const big = 'x'.repeat(300_000);
    await expect(call(lb.port, { method: 'POST', body: big })).resolves.toEqual({ status: 200, body: 'a' });
    const chunked = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.enqueue(new TextEncoder().encode('y'));
        c.close();
      },
    });
    await expect(call(lb.port, { method: 'POST', body: chunked, duplex: 'half' } as RequestInit)).resolves.toEqual({
      status: 200,
      body: 'a',
    });
    expect(a.bodies).toEqual([big, `${big}y`]);
  });

  it('cuts the client’s upload when the replica cut it, instead of answering a 502 of its own', async () => {
    const dying = await upstream('x', true);
    cleanup.push(dying.close);
    const lb = await startBalancer({ port: 0, upstreams: () => [dying.port] });
    cleanup.push(lb.stop);
    const outcome = await new Promise<string>((resolve) => {
      const req = http.request(`http://127.0.0.1:${lb.port}/x`, {
        method: 'POST',
        agent: false,
        headers: { 'content-length': String(3 * 1024 * 1024) },
      });
      req.on('response', (res) => resolve(`answered ${res.statusCode}`));
      req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
      req.write('{"a":');
    });
    expect(['ECONNRESET', 'EPIPE']).toContain(outcome);
  });
});
