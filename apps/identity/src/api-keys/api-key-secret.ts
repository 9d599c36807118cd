import { API_KEY_SECRET_PREFIX } from '@sms/contracts';
import { createHash, randomBytes } from 'node:crypto';

/** How many characters of the secret the key list shows, to recognise a key without revealing it. */
const SHOWN_PREFIX_LENGTH = API_KEY_SECRET_PREFIX.length + 4;

export interface NewSecret {
  secret: string;
  prefix: string;
  hash: string;
}

/**
 * SHA-256 (hex) of a secret. A fast hash is enough because the secret carries 256 bits of
 * randomness (nothing to guess, unlike a password), and it lets the gateway find a key by
 * hashing what it received: no per-key salt, no slow KDF on every request.
 */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** `sk_live_` + 32 random bytes in base64url (43 characters). */
export function newApiKeySecret(): NewSecret {
  const secret = API_KEY_SECRET_PREFIX + randomBytes(32).toString('base64url');
  return { secret, prefix: secret.slice(0, SHOWN_PREFIX_LENGTH), hash: hashApiKeySecret(secret) };
}
