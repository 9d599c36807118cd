import { API_KEY_SECRET_PATTERN } from '@sms/contracts';
import { createHash } from 'node:crypto';
import { hashApiKeySecret, newApiKeySecret } from './api-key-secret';

describe('API key secrets', () => {
  it('are sk_live_ plus 32 random bytes, with a short shown prefix and the SHA-256 of the whole secret', () => {
    const k = newApiKeySecret();
    expect(k.secret).toMatch(API_KEY_SECRET_PATTERN);
    expect(Buffer.from(k.secret.slice('sk_live_'.length), 'base64url')).toHaveLength(32);
    expect(k.prefix).toBe(k.secret.slice(0, 12));
    expect(k.hash).toBe(createHash('sha256').update(k.secret).digest('hex'));
    expect(hashApiKeySecret(k.secret)).toBe(k.hash);
  });

  it('never repeats', () => {
    const secrets = new Set(Array.from({ length: 1000 }, () => newApiKeySecret().secret));
    expect(secrets.size).toBe(1000);
  });
});
