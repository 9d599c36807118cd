/** Every access token carries these; the gateway refuses others. */
export const ACCESS_TOKEN_ISSUER = 'sms-identity';
export const ACCESS_TOKEN_AUDIENCE = 'sms-gateway';

/** Reply of `IdentityRpc.jwks`: Ed25519 public keys (RFC 8037), newest first. */
export interface Jwks {
  keys: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; alg: 'EdDSA'; use: 'sig' }[];
}
