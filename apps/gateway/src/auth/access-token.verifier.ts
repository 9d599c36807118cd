import { Injectable } from '@nestjs/common';
import { jwsKid, verifyJws } from '@sms/config';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  Actor,
  RemoteProblemError,
  Role,
  ROLES,
  UnauthorizedError,
} from '@sms/contracts';
import { JwksCache } from './jwks.cache';

export interface VerifiedToken {
  actor: Actor;
  sessionId: string;
  issuedAt: number;
  /** Set when the caller authenticated with `X-Api-Key` rather than a login's bearer token. */
  apiKey?: { id: string; scopes: readonly string[] };
}

/** Verified tokens remembered (Ed25519 verification costs ~0.1-0.3 ms of CPU per call). */
const MEMO_MAX = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const invalid = () => new UnauthorizedError('The access token is not valid.', 'token-invalid');
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Verifies access tokens locally with identity's public keys (JWKS by `kid`): EdDSA only
 * (HS256, `alg: none` and any other alg are refused), `iss`, `aud`, `exp` and `sid`
 * required, expiry enforced. 503 until the keys have loaded once. A token verified once is
 * remembered (bounded, oldest out first) until its `exp` or until the key set changes, so a
 * client's repeated calls pay the signature check once; revocation is checked by the guard
 * on every call regardless.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly memo = new Map<string, { result: VerifiedToken; exp: number; version: number }>();

  constructor(private readonly jwks: JwksCache) {}

  async verify(token: string): Promise<VerifiedToken> {
    const hit = this.memo.get(token);
    if (hit && hit.version === this.jwks.version && hit.exp > Date.now() / 1000) return hit.result;
    if (hit) this.memo.delete(token);
    const { result, exp } = await this.verifySignedToken(token);
    if (this.memo.size >= MEMO_MAX) this.memo.delete(this.memo.keys().next().value as string);
    this.memo.set(token, { result, exp, version: this.jwks.version });
    return result;
  }

  private async verifySignedToken(token: string): Promise<{ result: VerifiedToken; exp: number }> {
    if (!this.jwks.isLoaded) {
      throw new RemoteProblemError({
        status: 503,
        title: 'Service Unavailable',
        detail: 'Access tokens cannot be checked right now; retry shortly.',
        code: 'token-keys-unavailable',
      });
    }
    let result = verifyJws(token, (kid) => this.jwks.key(kid));
    if ('error' in result && result.error === 'unknown-kid') {
      const key = await this.jwks.keyAfterRefetch(jwsKid(token) ?? '');
      result = verifyJws(token, () => key);
    }
    if ('error' in result) throw invalid();
    const c = result.payload;
    if (c.iss !== ACCESS_TOKEN_ISSUER || c.aud !== ACCESS_TOKEN_AUDIENCE || typeof c.exp !== 'number') throw invalid();
    if (c.exp <= Date.now() / 1000) throw new UnauthorizedError('The access token has expired.', 'token-expired');
    const role = c.role as Role;
    if (!UUID.test(str(c.sub)) || !UUID.test(str(c.acc)) || !UUID.test(str(c.sid)) || !ROLES.includes(role)) {
      throw invalid();
    }
    const actor: Actor = { userId: str(c.sub), accountId: str(c.acc), role };
    if (c.pac !== undefined) {
      if (!UUID.test(str(c.pac))) throw invalid();
      actor.parentAccountId = str(c.pac);
    }
    const verified = { actor, sessionId: str(c.sid), issuedAt: typeof c.iat === 'number' ? c.iat : 0 };
    return { result: verified, exp: c.exp };
  }
}
