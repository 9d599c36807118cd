import { KeyObject, sign, verify } from 'node:crypto';

/**
 * Compact JWS with EdDSA (Ed25519) only, on node:crypto (jsonwebtoken 9 has no EdDSA).
 * `alg` is pinned: a header with any other `alg` (HS256, none...) is refused before any
 * key is looked at, so key-confusion and unsigned tokens cannot pass.
 */
export const JWS_ALG = 'EdDSA';

export type JwsFailure = 'malformed' | 'unknown-kid' | 'bad-signature';

const b64 = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url');

export function signJws(payload: object, kid: string, privateKey: KeyObject): string {
  const input = `${b64({ alg: JWS_ALG, typ: 'JWT', kid })}.${b64(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
}

function parseJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The header's `kid` if the token is a well-formed EdDSA JWS, else undefined. */
export function jwsKid(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const header = parseJson(parts[0]) as { alg?: unknown; kid?: unknown } | undefined;
  if (!header || header.alg !== JWS_ALG || typeof header.kid !== 'string') return undefined;
  return header.kid;
}

/** Verifies the signature with the key `kid` names and returns the payload. */
export function verifyJws(
  token: string,
  keyFor: (kid: string) => KeyObject | undefined,
): { payload: Record<string, unknown> } | { error: JwsFailure } {
  const kid = jwsKid(token);
  if (kid === undefined) return { error: 'malformed' };
  const key = keyFor(kid);
  if (!key) return { error: 'unknown-kid' };
  const [h, p, s] = token.split('.');
  if (!verify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) return { error: 'bad-signature' };
  const payload = parseJson(p);
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return { error: 'malformed' };
  return { payload: payload as Record<string, unknown> };
}
