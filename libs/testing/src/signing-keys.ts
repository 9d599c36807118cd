import { generateKeyPairSync, randomUUID } from 'node:crypto';

/** A development Ed25519 private JWK (kid `dev-…`) as JWT_SIGNING_KEYS: identity has no default. */
export function devSigningKeys(): string {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  return JSON.stringify([{ kty: 'OKP', crv: 'Ed25519', d: jwk.d, x: jwk.x, kid: `dev-${randomUUID()}` }]);
}
