// A TCP proxy of the chaos suite, placed between the services and NATS / PostgreSQL (proxy-faults.ts).
// It forwards bytes unchanged and, on demand, delays every chunk in each direction (latency, order
// kept) or partitions: every current connection cut, and new ones refused (accepted then reset) or
// blackholed (accepted, nothing forwarded, cut at heal). Plain `net`, no dependency.
import * as net from 'node:net';
import type { Rng } from './types';

export type PartitionMode = 'refuse' | 'blackhole';

export interface ProxyStats {
  connections: number;
  delayedChunks: number;
  cut: number;
  refused: number;
  blackholed: number;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  timers: Set<NodeJS.Timeout>;
  cut: (byFault: boolean) => void;
}

export class TcpProxy {
  /** Where it forwards to (a server restarted on another port: set it anew). */
  targetPort: number;
  readonly targetHost: string;
  readonly name: string;
  port = 0;
  stats: ProxyStats = { connections: 0, delayedChunks: 0, cut: 0, refused: 0, blackholed: 0 };
  private readonly rng: Rng;
  private latency: { minMs: number; maxMs: number } | null = null;
  private mode: PartitionMode | null = null;
  private readonly pairs = new Set<Pair>();
  /** Blackholed client sockets. */
  private readonly held = new Set<net.Socket>();
  private readonly server: net.Server;

  constructor({
    targetPort,
    targetHost = '127.0.0.1',
    name = `proxy:${targetPort}`,
    rng = Math.random,
  }: {
    targetPort: number;
    targetHost?: string;
    name?: string;
    rng?: Rng;
  }) {
    this.targetPort = targetPort;
    this.targetHost = targetHost;
    this.name = name;
    this.rng = rng;
    this.server = net.createServer((socket) => this.accept(socket));
  }

  /** Listens on 127.0.0.1 (port 0: a free one); resolves the port. */
  listen(port = 0): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as net.AddressInfo).port;
        resolve(this.port);
      });
    });
  }

  /** Blackholed connections held now. */
  get heldConnections(): number {
    return this.held.size;
  }

  /** Every chunk waits a uniform [minMs, maxMs] before it is passed on, in order, per direction. */
  slow(minMs: number, maxMs = minMs): void {
    this.latency = { minMs, maxMs };
  }

  /** Cuts every connection; until heal(), new ones are refused (reset) or blackholed. */
  partition(mode: PartitionMode = 'refuse'): void {
    if (mode !== 'refuse' && mode !== 'blackhole') throw new Error(`unknown partition mode ${String(mode)}`);
    this.mode = mode;
    for (const pair of [...this.pairs]) pair.cut(true);
  }

  /** Back to plain forwarding; blackholed connections are cut (their clients connect again). */
  heal(): void {
    this.mode = null;
    this.latency = null;
    for (const socket of [...this.held]) reset(socket);
    this.held.clear();
  }

  /** Stops listening and cuts everything. */
  close(): Promise<void> {
    this.heal();
    for (const pair of [...this.pairs]) pair.cut(false);
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private delayMs(): number {
    if (!this.latency) return 0;
    const { minMs, maxMs } = this.latency;
    return minMs + Math.floor(this.rng() * (maxMs - minMs + 1));
  }

  private accept(client: net.Socket): void {
    client.on('error', () => undefined);
    if (this.mode === 'refuse') {
      this.stats.refused++;
      reset(client);
      return;
    }
    if (this.mode === 'blackhole') {
      this.stats.blackholed++;
      this.held.add(client);
      client.on('data', () => undefined); // swallowed
      client.once('close', () => this.held.delete(client));
      return;
    }
    this.stats.connections++;
    const upstream = net.connect(this.targetPort, this.targetHost);
    upstream.on('error', () => undefined);
    const pair: Pair = {
      client,
      upstream,
      timers: new Set(),
      cut: (byFault) => {
        if (!this.pairs.delete(pair)) return;
        if (byFault) this.stats.cut++;
        for (const t of pair.timers) clearTimeout(t);
        reset(client);
        reset(upstream);
      },
    };
    this.pairs.add(pair);
    // A side that fails takes the other down; one that ends cleanly ends the other after the
    // chunks still delayed for it (forward), and the pair is gone once both are closed.
    let open = 2;
    const closed = (hadError: boolean): void => {
      if (hadError) pair.cut(false);
      else if (--open === 0) this.pairs.delete(pair);
    };
    client.once('close', closed);
    upstream.once('close', closed);
    this.forward(client, upstream, pair);
    this.forward(upstream, client, pair);
  }

  /** src → dst, each chunk released at max(now + delay, previous release): order is kept. */
  private forward(src: net.Socket, dst: net.Socket, pair: Pair): void {
    const queue: { chunk: Buffer; at: number }[] = [];
    let timer: NodeJS.Timeout | null = null;
    let ended = false;
    const write = (chunk: Buffer): void => {
      if (dst.destroyed) return;
      if (!dst.write(chunk) && !src.isPaused()) {
        src.pause();
        dst.once('drain', () => src.resume());
      }
    };
    const schedule = (ms: number): void => {
      timer = setTimeout(pump, ms);
      pair.timers.add(timer);
    };
    const pump = (): void => {
      if (timer) pair.timers.delete(timer);
      timer = null;
      const now = Date.now();
      while (queue.length && queue[0].at <= now) write(queue.shift()!.chunk);
      if (queue.length) schedule(queue[0].at - now);
      else if (ended && !dst.destroyed) dst.end();
    };
    src.on('data', (chunk: Buffer) => {
      const delay = this.delayMs();
      if (delay === 0 && queue.length === 0) return write(chunk);
      this.stats.delayedChunks++;
      const last = queue.length ? queue[queue.length - 1].at : 0;
      queue.push({ chunk, at: Math.max(Date.now() + delay, last) });
      if (!timer) schedule(Math.max(0, queue[0].at - Date.now()));
    });
    src.on('end', () => {
      ended = true;
      if (queue.length === 0 && !dst.destroyed) dst.end();
    });
  }
}

/** Closes with a TCP reset when possible (the peer sees ECONNRESET, as with a cut link). */
function reset(socket: net.Socket): void {
  if (socket.destroyed) return;
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}
