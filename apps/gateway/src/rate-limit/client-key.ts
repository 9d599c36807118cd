import { isIPv6 } from 'node:net';

/**
 * The key a client is counted under: its IPv4 address, or the /64 network of its IPv6 address
 * (one subscriber usually holds a whole /64, so per-address keys would let it rotate freely).
 * IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) count as the IPv4 address.
 */
export function clientKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address, lowercase without leading zeros. */
function expandIPv6(ip: string): string[] {
  const bare = ip.split('%')[0]; // zone id
  const [head, tail] = bare.includes('::') ? bare.split('::') : [bare, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::1.2.3.4) stands for two hextets.
  const last = right.length ? right : left;
  const v4 = last.length && last[last.length - 1].includes('.') ? last.pop() : undefined;
  if (v4) {
    const [a, b, c, d] = v4.split('.').map(Number);
    last.push(((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
  }
  const zeros = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((h) => parseInt(h, 16).toString(16));
}
