import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far the signed timestamp may be from now: a captured event cannot be replayed later. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + rawBody)>` (several v1 during a secret rotation). */
export function signPayment(secret: string, rawBody: string, t: number): string {
  return `t=${t},v1=${hmac(secret, t, rawBody)}`;
}

/** Why the signature is refused, or null when it is valid and fresh. */
export function paymentSignatureProblem(
  header: string,
  rawBody: string,
  secret: string,
  nowSeconds: number,
): string | null {
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  const candidates = parts.filter(([k, v]) => k === 'v1' && typeof v === 'string').map(([, v]) => v);
  if (!Number.isInteger(t) || candidates.length === 0) return 'the signature header is malformed';
  if (Math.abs(nowSeconds - t) > SIGNATURE_TOLERANCE_SECONDS)
    return 'the signature timestamp is too old or in the future';
  const expected = Buffer.from(hmac(secret, t, rawBody), 'hex');
  const ok = candidates.some((c) => {
    const given = Buffer.from(c, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return ok ? null : 'the signature does not match';
}

function hmac(secret: string, t: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
}
