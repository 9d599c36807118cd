import { generateSigningJwk, parseSigningKeys, SigningKey, signJws } from '@sms/config';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, Jwks, UnauthorizedError } from '@sms/contracts';
import { RpcClient } from '@sms/nats';
import { eventually } from '@sms/testing';
import { AccessTokenVerifier } from './access-token.verifier';
import { JwksCache } from './jwks.cache';

const claims = () => ({
  iss: ACCESS_TOKEN_ISSUER,
  aud: ACCESS_TOKEN_AUDIENCE,
  sub: '11111111-1111-4111-8111-111111111111',
  acc: '22222222-2222-4222-8222-222222222222',
  role: 'owner',
  sid: '33333333-3333-4333-8333-333333333333',
  exp: Math.floor(Date.now() / 1000) + 600,
});
const token = (k: SigningKey) => signJws(claims(), k.kid, k.privateKey);

/** A JWKS served by a fake identity whose keys the test changes (rotation). */
function setup(initial: SigningKey[]) {
  const served = { keys: initial, calls: 0 };
  const services = {
    send: async (): Promise<Jwks> => {
      served.calls++;
      return { keys: served.keys.map((k) => k.publicJwk) };
    },
  } as unknown as RpcClient;
  const cache = new JwksCache(services);
  return { served, cache, verifier: new AccessTokenVerifier(cache) };
}

async function loaded(cache: JwksCache): Promise<void> {
  cache.onApplicationBootstrap();
  try {
    await eventually('the JWKS loaded', () => cache.isLoaded, 10_000, 5);
  } finally {
    cache.onApplicationShutdown();
  }
  expect(cache.isLoaded).toBe(true);
}

describe('AccessTokenVerifier with the JWKS cache', () => {
  const [oldKey] = parseSigningKeys(JSON.stringify([generateSigningJwk('key-2026-01')]), 'production');
  const [newKey] = parseSigningKeys(JSON.stringify([generateSigningJwk('key-2026-02')]), 'production');

  it('answers 503 before the keys have loaded', async () => {
    const { verifier } = setup([oldKey]);
    await expect(verifier.verify(token(oldKey))).rejects.toMatchObject({ problem: { status: 503 } });
  });

  it('rotation: a new kid is fetched once; during the overlap old and new tokens both verify', async () => {
    const { served, cache, verifier } = setup([oldKey]);
    await loaded(cache);
    const before = token(oldKey);
    expect((await verifier.verify(before)).sessionId).toBe(claims().sid);
    // identity rotates: signs with the new key, publishes both.
    served.keys = [newKey, oldKey];
    const calls = served.calls;
    expect((await verifier.verify(token(newKey))).actor.role).toBe('owner');
    expect(served.calls).toBe(calls + 1);
    expect((await verifier.verify(before)).actor.userId).toBe(claims().sub);
    expect(served.calls).toBe(calls + 1);
  });

  it('an unknown kid refetches at most once per interval (forged kids cannot flood identity)', async () => {
    const { served, cache, verifier } = setup([oldKey]);
    await loaded(cache);
    const [stranger] = parseSigningKeys(JSON.stringify([generateSigningJwk()]), 'test');
    const calls = served.calls;
    for (let i = 0; i < 5; i++) await expect(verifier.verify(token(stranger))).rejects.toThrow(UnauthorizedError);
    expect(served.calls).toBe(calls + 1);
  });
});

describe('remembered verifications', () => {
  const [key] = parseSigningKeys(JSON.stringify([generateSigningJwk('key-a')]), 'production');
  const [other] = parseSigningKeys(JSON.stringify([generateSigningJwk('key-b')]), 'production');

  it('a token verified once stops verifying when its key leaves the JWKS', async () => {
    const { served, cache, verifier } = setup([key]);
    await loaded(cache);
    const t = token(key);
    expect((await verifier.verify(t)).sessionId).toBe(claims().sid);
    expect((await verifier.verify(t)).sessionId).toBe(claims().sid);
    // identity drops key-a (compromised): the next load changes the key set.
    served.keys = [other];
    await expect(verifier.verify(token(other))).resolves.toMatchObject({ sessionId: claims().sid });
    await expect(verifier.verify(t)).rejects.toThrow(UnauthorizedError);
  });

  it('a remembered token still expires at its exp', async () => {
    const { cache, verifier } = setup([key]);
    await loaded(cache);
    const t = signJws({ ...claims(), exp: Math.floor(Date.now() / 1000) + 1 }, key.kid, key.privateKey);
    await expect(verifier.verify(t)).resolves.toMatchObject({ sessionId: claims().sid });
    const code = await eventually(
      'the token rejected',
      () =>
        verifier.verify(t).then(
          () => '',
          (err: UnauthorizedError) => err.code,
        ),
      10_000,
    );
    expect(code).toBe('token-expired');
  });
});

describe('JWT_SIGNING_KEYS', () => {
  it('is required, must hold Ed25519 private JWKs, and refuses development keys in production, naming the variable', () => {
    expect(() => parseSigningKeys(undefined, 'development')).toThrow(/JWT_SIGNING_KEYS is required/);
    expect(() => parseSigningKeys('[]', 'development')).toThrow(/JWT_SIGNING_KEYS/);
    expect(() => parseSigningKeys('[{"kty":"oct","k":"c2VjcmV0","kid":"a"}]', 'development')).toThrow(
      /JWT_SIGNING_KEYS\[0\]/,
    );
    const dev = JSON.stringify([generateSigningJwk()]);
    expect(parseSigningKeys(dev, 'development')).toHaveLength(1);
    expect(() => parseSigningKeys(dev, 'production')).toThrow(/JWT_SIGNING_KEYS\[0\] is a development key/);
    const two = JSON.stringify([generateSigningJwk('b'), generateSigningJwk('a')]);
    expect(parseSigningKeys(two, 'production').map((k) => k.publicJwk.kid)).toEqual(['b', 'a']);
    expect(JSON.stringify(parseSigningKeys(two, 'production').map((k) => k.publicJwk))).not.toContain('"d"');
  });
});
