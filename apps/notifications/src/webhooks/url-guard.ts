import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Resolves a host name to every address it has (dns.lookup semantics: /etc/hosts too). */
export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * `resolve`, with the lookups of one host that overlap in time shared: a hundred deliveries to one
 * receiver starting together make one lookup, not a hundred on the libuv thread pool (four threads,
 * shared with file and crypto work). Nothing is kept once a lookup settled: the next attempt
 * resolves afresh, so a changed (rebound) address is seen as before, and each attempt still
 * connects to an address checked for it.
 */
export function sharedLookups(resolve: Resolver): Resolver {
  const running = new Map<string, ReturnType<Resolver>>();
  return (host) => {
    let lookup = running.get(host);
    if (!lookup) {
      lookup = resolve(host).finally(() => running.delete(host));
      running.set(host, lookup);
    }
    return lookup;
  };
}

/**
 * Addresses a webhook may never reach (SSRF): "this network", private, carrier-grade NAT, loopback,
 * link-local (cloud metadata 169.254.169.254 and fd00:ec2::254 are in there), benchmarking,
 * documentation, multicast and reserved ranges; IPv6 mapped/translated IPv4 is checked as IPv4.
 */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv6');

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) or compatible IPv6. */
function embeddedIpv4(v6: string): string | null {
  const lower = v6.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return null;
  const hi = parseInt(hex[1], 16);
  const lo = parseInt(hex[2], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return BLOCKED.check(v4, 'ipv4');
    return BLOCKED.check(address, 'ipv6');
  }
  return true;
}

/** WEBHOOK_ALLOWED_HOSTS parsed: `host` (any port) or `host:port`, lower-case. */
export class AllowedHosts {
  private readonly anyPort = new Set<string>();
  private readonly withPort = new Set<string>();

  constructor(list: string) {
    for (const raw of list
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean)) {
      const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(raw);
      if (m) this.withPort.add(`${m[1]}:${Number(m[2])}`);
      else this.anyPort.add(raw);
    }
  }

  allows(url: URL): boolean {
    const host = url.hostname.toLowerCase();
    return this.anyPort.has(host) || this.withPort.has(`${host}:${effectivePort(url)}`);
  }
}

export function effectivePort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** Why a URL is refused; `code` is the problem code the API answers with. */
export class UnsafeUrlError extends Error {
  constructor(
    readonly code: 'webhook-url-invalid' | 'webhook-url-not-https' | 'webhook-url-blocked' | 'webhook-url-unresolvable',
    message: string,
  ) {
    super(message);
  }
}

/** A URL checked for delivery: connect to `address` (the checked one, pinned), present `url.hostname`. */
export interface CheckedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
  allowedHost: boolean;
}

/** Syntax and scheme only (no DNS): https, or http for an allowed host; no credentials, no fragment games. */
export function parseWebhookUrl(raw: string, allowed: AllowedHosts): { url: URL; allowedHost: boolean } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError('webhook-url-invalid', 'url is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UnsafeUrlError('webhook-url-not-https', 'url must use https');
  if (url.username || url.password)
    throw new UnsafeUrlError('webhook-url-invalid', 'url must not carry credentials (user:password@)');
  if (!url.hostname) throw new UnsafeUrlError('webhook-url-invalid', 'url has no host');
  const allowedHost = allowed.allows(url);
  if (url.protocol === 'http:' && !allowedHost) throw new UnsafeUrlError('webhook-url-not-https', 'url must use https');
  return { url, allowedHost };
}

/**
 * Resolves the URL's host and refuses it when any of its addresses is one a webhook may not reach
 * (all of them, not only the first: a receiver gets no say in which one we would pick). Allowed
 * hosts skip the address check. Called at creation and again before every attempt, whose
 * connection then goes to the address returned here (no second lookup a rebinding DNS could answer).
 */
export async function checkWebhookTarget(
  raw: string,
  allowed: AllowedHosts,
  resolve: Resolver = systemResolver,
): Promise<CheckedTarget> {
  const { url, allowedHost } = parseWebhookUrl(raw, allowed);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    let timer: NodeJS.Timeout | undefined;
    try {
      // A resolver that hangs must not hold a request (or a worker) longer than this.
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('lookup timed out'), { code: 'ETIMEOUT' })), 3000);
      });
      addresses = await Promise.race([resolve(host), timeout]);
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'error';
      throw new UnsafeUrlError('webhook-url-unresolvable', `url host ${host} does not resolve (${code})`);
    } finally {
      clearTimeout(timer);
    }
  }
  if (addresses.length === 0) throw new UnsafeUrlError('webhook-url-unresolvable', `url host ${host} has no address`);
  if (!allowedHost) {
    const blocked = addresses.find((a) => isBlockedAddress(a.address));
    if (blocked)
      throw new UnsafeUrlError(
        'webhook-url-blocked',
        `url host ${host} resolves to ${blocked.address}, a loopback, private, link-local or reserved address`,
      );
  }
  const [first] = addresses;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4, allowedHost };
}
