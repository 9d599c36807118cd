import { createHash } from 'node:crypto';

/**
 * A deterministic UUID (version 5 layout, SHA-256 based) from a name: the same input always
 * yields the same id, so retries reach the wallet with the same idempotency key.
 */
export function derivedUuid(name: string): string {
  const h = createHash('sha256').update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The reservation of a campaign sent with an Idempotency-Key: stable across retries of that key. */
export const campaignIdForKey = (accountId: string, key: string): string => derivedUuid(`campaign:${accountId}:${key}`);

/** The wallet refund of one message. */
export const refundIdForMessage = (messageId: string): string => derivedUuid(`refund:${messageId}`);

/** The refund that undoes a whole reservation when the campaign could not be stored. */
export const abortRefundId = (campaignId: string): string => derivedUuid(`abort:${campaignId}`);
