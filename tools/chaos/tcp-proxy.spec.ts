// The chaos suite's TCP proxy (tcp-proxy.js) against a real echo server on loopback: bytes pass
// unchanged and in order; latency delays them (shown by ordering: a reply sent first through the
// slowed proxy arrives after one sent later through a plain one); a partition cuts every
// connection, refuses or blackholes new ones, and heal() restores forwarding.
import * as net from 'net';

import { TcpProxy } from './tcp-proxy';

type Proxy = InstanceType<typeof TcpProxy>;

/** An echo server that counts the connections it accepted. */
async function echoServer(): Promise<{ port: number; accepted: () => number; close: () => Promise<void> }> {
  let accepted = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    accepted++;
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    s.pipe(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    accepted: () => accepted,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

/** Resolves once `n` bytes came back on `s` (all data, concatenated). */
function read(s: net.Socket, n: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const onData = (d: Buffer) => {
      got += d.toString();
      if (got.length >= n) {
        s.off('data', onData);
        resolve(got);
      }
    };
    s.on('data', onData);
    s.once('error', reject);
  });
}

/** Resolves when `s` is closed by the other end (or reset); true if it was an error. */
function closed(s: net.Socket): Promise<boolean> {
  s.on('error', () => undefined);
  return new Promise((resolve) => (s.destroyed ? resolve(true) : s.once('close', (hadError) => resolve(hadError))));
}

/** Polls `fn` until it is true (no time bound of its own: jest's timeout ends a stuck test). */
async function until(fn: () => boolean): Promise<void> {
  while (!fn()) await new Promise((r) => setTimeout(r, 10));
}

describe('chaos TCP proxy', () => {
  let echo: Awaited<ReturnType<typeof echoServer>>;
  const proxies: Proxy[] = [];
  const sockets: net.Socket[] = [];
  const proxy = async (): Promise<Proxy> => {
    const p = new TcpProxy({ targetPort: echo.port });
    proxies.push(p);
    await p.listen(0);
    return p;
  };
  const client = async (port: number) => {
    const s = await connect(port);
    sockets.push(s);
    return s;
  };

  beforeEach(async () => {
    echo = await echoServer();
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await Promise.all(proxies.splice(0).map((p) => p.close()));
    await echo.close();
  });

  it('forwards bytes unchanged and in order, also under jittered latency', async () => {
    const p = await proxy();
    const s = await client(p.port);
    const chunks = Array.from({ length: 200 }, (_, i) => `<${i}>`);
    const expected = chunks.join('');
    p.slow(0, 20);
    const reply = read(s, expected.length);
    for (const c of chunks) {
      s.write(c);
      if (Number(c.slice(1, -1)) % 20 === 0) await new Promise((r) => setImmediate(r));
    }
    expect(await reply).toBe(expected);
    expect(p.stats.delayedChunks).toBeGreaterThan(0);
  });

  it('delays chunks: a reply sent first through the slowed proxy comes after one sent later', async () => {
    const slowProxy = await proxy();
    const plainProxy = await proxy();
    const slow = await client(slowProxy.port);
    const plain = await client(plainProxy.port);
    // Both connected and forwarding before the latency starts.
    slow.write('s');
    plain.write('p');
    await Promise.all([read(slow, 1), read(plain, 1)]);

    slowProxy.slow(1500); // per direction: the echo comes back after ≥ 3 s
    const order: string[] = [];
    const slowReply = read(slow, 1).then(() => order.push('slow'));
    const plainReply = read(plain, 1).then(() => order.push('plain'));
    slow.write('S');
    plain.write('P');
    await Promise.all([slowReply, plainReply]);
    expect(order).toEqual(['plain', 'slow']);

    slowProxy.heal(); // the connection outlived its latency
    slow.write('x');
    expect(await read(slow, 1)).toBe('x');
  });

  it('partition (refuse): cuts current connections and resets new ones; heal restores', async () => {
    const p = await proxy();
    const s = await client(p.port);
    s.write('a');
    expect(await read(s, 1)).toBe('a');
    const cut = closed(s);
    p.partition('refuse');
    await cut;
    expect(p.stats.cut).toBe(1);

    const acceptedBefore = echo.accepted();
    const refused = new net.Socket();
    sockets.push(refused);
    const refusedClosed = closed(refused);
    refused.connect(p.port, '127.0.0.1');
    await refusedClosed;
    expect(p.stats.refused).toBe(1);
    expect(echo.accepted()).toBe(acceptedBefore); // never reached the server

    p.heal();
    const again = await client(p.port);
    again.write('b');
    expect(await read(again, 1)).toBe('b');
  });

  it('partition (blackhole): new connections are held silently, then cut at heal', async () => {
    const p = await proxy();
    const s = await client(p.port);
    const cut = closed(s);
    p.partition('blackhole');
    await cut;

    const acceptedBefore = echo.accepted();
    const held = await client(p.port);
    const heldClosed = closed(held);
    held.write('lost');
    await until(() => p.stats.blackholed === 1 && p.heldConnections === 1);
    expect(echo.accepted()).toBe(acceptedBefore);

    p.heal();
    await heldClosed;
    expect(p.heldConnections).toBe(0);
    const again = await client(p.port);
    again.write('c');
    expect(await read(again, 1)).toBe('c');
  });

  it('cuts the client when the real server is down, and forwards once it is back', async () => {
    const p = await proxy();
    await echo.close();
    const s = await client(p.port);
    await closed(s);
    echo = await echoServer();
    p.targetPort = echo.port;
    const again = await client(p.port);
    again.write('d');
    expect(await read(again, 1)).toBe('d');
  });
});
