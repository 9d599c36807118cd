import { Inject, Injectable } from '@nestjs/common';
import { AccessTokenClaims, Actor, ROLES, UnauthorizedError } from '@sms/contracts';
import * as jwt from 'jsonwebtoken';
import { createSecretKey, KeyObject } from 'node:crypto';
import { GATEWAY_ENV, GatewayEnv } from '../gateway-env';

export interface VerifiedToken {
  actor: Actor;
  sessionId: string;
  issuedAt: number;
  /** Set when the caller authenticated with `X-Api-Key` rather than a login's bearer token. */
  apiKey?: { id: string; scopes: readonly string[] };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Verifies access tokens locally: HS256 only (so `alg: none` and key confusion fail), expiry enforced. */
@Injectable()
export class AccessTokenVerifier {
  /**
   * A KeyObject made once: given the secret as a string, jsonwebtoken first tries (and fails)
   * to parse it as a public key on every call, which cost a third of the gateway's CPU.
   */
  private readonly key: KeyObject;

  constructor(@Inject(GATEWAY_ENV) env: GatewayEnv) {
    this.key = createSecretKey(Buffer.from(env.JWT_SECRET, 'utf8'));
  }

  verify(token: string): VerifiedToken {
    let claims: AccessTokenClaims & { iat?: number };
    try {
      claims = jwt.verify(token, this.key, { algorithms: ['HS256'] }) as AccessTokenClaims & {
        iat?: number;
      };
    } catch (err) {
      const expired = err instanceof jwt.TokenExpiredError;
      throw new UnauthorizedError(
        expired ? 'The access token has expired.' : 'The access token is not valid.',
        expired ? 'token-expired' : 'token-invalid',
      );
    }
    if (!UUID.test(claims.sub ?? '') || !UUID.test(claims.acc ?? '') || !ROLES.includes(claims.role)) {
      throw new UnauthorizedError('The access token is not valid.', 'token-invalid');
    }
    const actor: Actor = { userId: claims.sub, accountId: claims.acc, role: claims.role };
    if (claims.pac) actor.parentAccountId = claims.pac;
    return { actor, sessionId: claims.sid, issuedAt: claims.iat ?? 0 };
  }
}
