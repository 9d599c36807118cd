import { API_KEY_SCOPES, ApiKeyScope, SUB_ACCOUNT_KEY_SCOPES } from '@sms/contracts';
import { HttpClient } from '@sms/testing';
import { randomBytes } from 'node:crypto';
import { createApiKey, pollStatus, withKey } from '../support/api-keys';
import { Persona, World } from './personas';

/**
 * Callers with an `X-Api-Key` instead of a login: a key of the world's owner per scope, a key
 * bound to the target sub-account with every scope a sub-account key may hold, the other
 * owner's all-scope key, and keys that must be refused outright.
 */
export interface KeyPersona {
  name: string;
  secret: string;
  /** Refused before any scope check (401). */
  dead?: boolean;
  /** The scopes it holds. */
  scopes: readonly ApiKeyScope[];
  /** The login persona it acts as (its answers match that persona's where it holds the scope). */
  actsAs: Persona;
}

const randomSecret = () => `sk_live_${randomBytes(32).toString('base64url')}`;

export async function buildKeyPersonas(http: HttpClient, w: World): Promise<KeyPersona[]> {
  const owner = w.owner.accessToken;
  const all = [...API_KEY_SCOPES];
  const revoked = await createApiKey(http, owner, { name: 'revoked', scopes: all });
  expect((await http.get('/account/balance', withKey(revoked.secret))).status).toBe(200);
  expect((await http.request('DELETE', `/api-keys/${revoked.id}`, { token: owner })).status).toBe(204);
  const expiresAt = new Date(Date.now() + 2_000).toISOString();
  const expired = await createApiKey(http, owner, { name: 'expired', scopes: all, expiresAt });
  await pollStatus(() => http.get('/account/balance', withKey(expired.secret)), 401);

  const sub = await createApiKey(http, owner, {
    name: 'bound',
    scopes: [...SUB_ACCOUNT_KEY_SCOPES],
    subAccountId: w.target.id,
  });
  const other = await createApiKey(http, w.otherOwner.accessToken, { name: 'other', scopes: all });
  const perScope: KeyPersona[] = [];
  for (const scope of API_KEY_SCOPES) {
    const k = await createApiKey(http, owner, { name: scope, scopes: [scope] });
    perScope.push({ name: `key:${scope}`, secret: k.secret, scopes: [scope], actsAs: 'owner' });
  }
  // Those acting for the world's owner go last, as they may change state.
  return [
    { name: 'unknownKey', secret: randomSecret(), dead: true, scopes: [], actsAs: 'anonymous' },
    { name: 'malformedKey', secret: 'not-a-key', dead: true, scopes: [], actsAs: 'anonymous' },
    { name: 'revokedKey', secret: revoked.secret, dead: true, scopes: all, actsAs: 'anonymous' },
    { name: 'expiredKey', secret: expired.secret, dead: true, scopes: all, actsAs: 'anonymous' },
    { name: 'otherOwnerKey', secret: other.secret, scopes: all, actsAs: 'otherOwner' },
    { name: 'subAccountKey', secret: sub.secret, scopes: SUB_ACCOUNT_KEY_SCOPES, actsAs: 'manager' },
    ...perScope,
  ];
}
