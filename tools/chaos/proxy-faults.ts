// Network faults between the services and their broker / database: the apps get NATS_URL and
// DATABASE_URL pointing at a TcpProxy each (tcp-proxy.ts), which forwards to the run's nats-server
// and PostgreSQL. Faults, one per target at a time, a few seconds each then healed: latency
// (50-300 ms per chunk and direction) and partition (connections cut, new ones refused or
// blackholed). The suite's own connections (checks, pg-faults) do not go through the proxies.
import type { RandomHelpers } from './random';
import { ProxyStats, TcpProxy } from './tcp-proxy';
import { sleep } from './types';

export type ProxyTarget = 'nats' | 'pg';

export class ProxyFaults {
  /** target → TcpProxy */
  private readonly proxies = new Map<ProxyTarget, TcpProxy>();
  private readonly busy = new Set<ProxyTarget>();
  /** target → the proxy's port */
  private readonly ports = new Map<ProxyTarget, number>();

  /** `url` (another role's URL to the same PostgreSQL, say) sent through the proxy of `target`. */
  via(target: ProxyTarget, url: string): string {
    const port = this.ports.get(target);
    if (port === undefined) return url;
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(port);
    return u.toString();
  }

  /** Starts one proxy per URL and returns the URLs to give the apps instead (host:port replaced). */
  async route(urls: NodeJS.ProcessEnv): Promise<{ NATS_URL?: string; DATABASE_URL?: string }> {
    const out: { NATS_URL?: string; DATABASE_URL?: string } = {};
    for (const [variable, target] of [
      ['NATS_URL', 'nats'],
      ['DATABASE_URL', 'pg'],
    ] as const) {
      const url = new URL(urls[variable] ?? '');
      if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
        throw new Error(`${variable} is not local (${url.hostname}): the proxy faults need the real server here`);
      }
      // Per-chunk delays draw from Math.random: the run's seeded source stays for its choices.
      const proxy = new TcpProxy({ targetPort: Number(url.port || (target === 'pg' ? 5432 : 4222)), name: target });
      url.hostname = '127.0.0.1';
      url.port = String(await proxy.listen(0));
      this.proxies.set(target, proxy);
      this.ports.set(target, Number(url.port));
      out[variable] = url.toString();
    }
    return out;
  }

  /** Targets free for a fault now. */
  idle(): ProxyTarget[] {
    return [...this.proxies.keys()].filter((t) => !this.busy.has(t));
  }

  /**
   * One fault on a random idle target: `latency` for 2-6 s, or `partition` for 1-5 s; resolves its
   * name (`proxy:latency:pg`, `proxy:partition:nats`…) through `note` when it begins, once healed.
   */
  async inject(kind: 'latency' | 'partition', r: RandomHelpers, note: (kind: string) => void): Promise<void> {
    const idle = this.idle();
    if (idle.length === 0) return;
    const target = r.pick(idle);
    const proxy = target && this.proxies.get(target);
    if (!target || !proxy) return;
    this.busy.add(target);
    try {
      if (kind === 'latency') {
        const minMs = r.int(50, 150);
        proxy.slow(minMs, r.int(minMs, 300));
        note(`proxy:latency:${target}`);
        await sleep(r.int(2000, 6000));
      } else {
        proxy.partition(r.chance(0.5) ? 'refuse' : 'blackhole');
        note(`proxy:partition:${target}`);
        await sleep(r.int(1000, 5000));
      }
    } finally {
      proxy.heal();
      this.busy.delete(target);
    }
  }

  /** Per proxy: connections, delayed chunks, connections cut, refused and blackholed. */
  stats(): Record<string, ProxyStats> {
    return Object.fromEntries([...this.proxies].map(([t, p]) => [t, { ...p.stats }]));
  }

  healAll(): void {
    for (const p of this.proxies.values()) p.heal();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.proxies.values()].map((p) => p.close()));
  }
}
