import { signUpAndLogIn } from '@sms/testing';
import * as jwt from 'jsonwebtoken';
import { e2eHttp, e2eState } from './support/e2e-state';
import { expectProblem } from './support/problem';

const http = e2eHttp();
const secret = e2eState().env.JWT_SECRET ?? 'dev-only-secret-change-me-0123456789abcdef';

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

  it('401 without a token, with a malformed header, with garbage', async () => {
    expectProblem(await http.get('/me'), 401);
    expectProblem(await http.get('/me', { headers: { authorization: `Basic ${user.accessToken}` } }), 401);
    expectProblem(await http.get('/me', { token: 'not.a.jwt' }), 401);
  });

  it('401 for an expired token', async () => {
    const { iat: _iat, exp: _exp, ...rest } = claims;
    const expired = jwt.sign({ ...rest, exp: Math.floor(Date.now() / 1000) - 10 }, secret, { algorithm: 'HS256' });
    const res = await http.get('/me', { token: expired });
    expectProblem(res, 401);
    expect(res.body.code).toBe('token-expired');
  });

  it('401 for a tampered payload and for a token signed with another key', async () => {
    const [h, , s] = user.accessToken.split('.');
    const tampered = `${h}.${b64({ ...claims, acc: '00000000-0000-4000-8000-000000000000' })}.${s}`;
    expectProblem(await http.get('/me', { token: tampered }), 401);
    const otherKey = jwt.sign({ ...claims }, 'another-secret-that-is-long-enough-000000', { algorithm: 'HS256' });
    expectProblem(await http.get('/me', { token: otherKey }), 401);
  });

  it('401 for alg: none', async () => {
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
    expectProblem(await http.get('/me', { token: none }), 401);
  });
});
