import { signJws } from '@sms/config';
import { createPrivateKey } from 'node:crypto';
import { e2eState } from './e2e-state';

/** Signs claims with the run's identity key (JWT_SIGNING_KEYS of the harness): a token identity could have issued. */
export function signAsIdentity(claims: object): string {
  const [jwk] = JSON.parse(e2eState().env.JWT_SIGNING_KEYS) as { kid: string; d: string; x: string }[];
  const key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: jwk.d, x: jwk.x }, format: 'jwk' });
  return signJws(claims, jwk.kid, key);
}
