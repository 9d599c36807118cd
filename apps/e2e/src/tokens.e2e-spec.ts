import { generateSigningJwk, signJws } from '@sms/config';
import { signUpAndLogIn } from '@sms/testing';
import * as jwt from 'jsonwebtoken';
import { createPrivateKey } from 'node:crypto';
import { e2eHttp, e2eState } from './support/e2e-state';
import { expectProblem } from './support/problem';
import { signAsIdentity } from './support/signing';

const http = e2eHttp();
/** What the old shared HS256 secret was: whoever knew it could mint tokens before. */
const OLD_SHARED_SECRET = 'dev-only-secret-change-me-0123456789abcdef';

function b64(obj: object): string {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

describe('access tokens are checked at the gateway', () => {
  let user: Awaited<ReturnType<typeof signUpAndLogIn>>;
  let claims: Record<string, unknown>;

  beforeAll(async () => {
    user = await signUpAndLogIn(http);
    claims = jwt.decode(user.accessToken) as Record<string, unknown>;
  });

  it('issues EdDSA tokens with a kid and iss, aud, exp, sid', () => {
    const header = jwt.decode(user.accessToken, { complete: true })?.header;
    const [jwk] = JSON.parse(e2eState().env.JWT_SIGNING_KEYS) as { kid: string }[];
    expect(header).toMatchObject({ alg: 'EdDSA', kid: jwk.kid });
    expect(claims).toMatchObject({
      iss: 'sms-identity',
      aud: 'sms-gateway',
      exp: expect.any(Number),
      sid: expect.any(String),
    });
  });

  it('401 without a token, with a malformed header, with garbage', async () => {
    expectProblem(await http.get('/me'), 401);
    expectProblem(await http.get('/me', { headers: { authorization: `Basic ${user.accessToken}` } }), 401);
    expectProblem(await http.get('/me', { token: 'not.a.jwt' }), 401);
  });

  it('401 for an expired token (signed by identity’s own key)', async () => {
    const expired = signAsIdentity({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 });
    const res = await http.get('/me', { token: expired });
    expectProblem(res, 401);
    expect(res.body.code).toBe('token-expired');
  });

  it('a token signed with identity’s key passes (the forgeries below fail for their forgery only)', async () => {
    expect((await http.get('/me', { token: signAsIdentity(claims) })).status).toBe(200);
  });

  it('401 for a tampered payload', async () => {
    const [h, , s] = user.accessToken.split('.');
    const tampered = `${h}.${b64({ ...claims, acc: '00000000-0000-4000-8000-000000000000' })}.${s}`;
    expectProblem(await http.get('/me', { token: tampered }), 401);
  });

  it('a manager who knew the old shared secret cannot mint an owner token: HS256 with any secret is 401', async () => {
    const owner = { ...claims, role: 'owner' };
    for (const secret of [OLD_SHARED_SECRET, 'another-secret-that-is-long-enough-000000']) {
      const forged = jwt.sign(owner, secret, {
        algorithm: 'HS256',
        header: { alg: 'HS256', kid: 'x' } as jwt.JwtHeader,
      });
      expectProblem(await http.get('/me', { token: forged }), 401);
    }
  });

  it('401 for alg: none', async () => {
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    expectProblem(await http.get('/me', { token: none }), 401);
    const [jwk] = JSON.parse(e2eState().env.JWT_SIGNING_KEYS) as { kid: string }[];
    const noneWithKid = `${b64({ alg: 'none', typ: 'JWT', kid: jwk.kid })}.${b64(claims)}.`;
    expectProblem(await http.get('/me', { token: noneWithKid }), 401);
  });

  it('401 for an EdDSA token signed by a key not in the JWKS, whatever kid it names', async () => {
    const stranger = generateSigningJwk();
    const key = createPrivateKey({ key: { ...stranger, kty: 'OKP', crv: 'Ed25519' }, format: 'jwk' });
    const [jwk] = JSON.parse(e2eState().env.JWT_SIGNING_KEYS) as { kid: string }[];
    expectProblem(await http.get('/me', { token: signJws(claims, stranger.kid, key) }), 401);
    expectProblem(await http.get('/me', { token: signJws(claims, jwk.kid, key) }), 401);
  });

  it('401 when iss, aud, exp or sid is missing or wrong, even when signed by identity', async () => {
    for (const drop of ['iss', 'aud', 'exp', 'sid']) {
      const { [drop]: _gone, ...rest } = claims;
      expectProblem(await http.get('/me', { token: signAsIdentity(rest) }), 401);
    }
    expectProblem(await http.get('/me', { token: signAsIdentity({ ...claims, aud: 'someone-else' }) }), 401);
    expectProblem(await http.get('/me', { token: signAsIdentity({ ...claims, iss: 'someone-else' }) }), 401);
  });
});
