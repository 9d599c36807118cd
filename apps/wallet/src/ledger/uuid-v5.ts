import { createHash } from 'node:crypto';

/** The wallet's own namespace for derived ids (transfer ids of purchases, settlements…). */
export const WALLET_NAMESPACE = '5f0c7a52-5b51-4d33-9a44-5b0c1f1b2f3e';

/**
 * RFC 4122 name-based uuid (SHA-1). Used where a transfer id must follow from something
 * else (an invoice, a reservation), so that every retry of it lands on the same transfer.
 */
export function uuidV5(name: string, namespace: string = WALLET_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
