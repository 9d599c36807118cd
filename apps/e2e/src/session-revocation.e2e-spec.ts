import { signUpAndLogIn } from '@sms/testing';
import { e2eHttp } from './support/e2e-state';
import { expectProblem } from './support/problem';

const http = e2eHttp();

/**
 * Polls /me with `token` until the gateway refuses it as revoked; returns how long that took
 * after `since`. The broadcast should land within a second; the deadline is generous
 * because the machine is loaded, and the measured time is what the test reports.
 */
async function revokedAfterMs(token: string, since: number): Promise<number> {
  while (Date.now() - since < 20_000) {
    const res = await http.get('/me', { token });
    if (res.status === 401) {
      expectProblem(res, 401);
      expect(res.body.code).toBe('token-revoked');
      return Date.now() - since;
    }
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 25));
  }
  return -1;
}

describe('every revocation ends the session’s live access tokens too', () => {
  it('logout: the access token of the logged-out session is refused', async () => {
    const user = await signUpAndLogIn(http);
    expect((await http.get('/me', { token: user.accessToken })).status).toBe(200);
    const at = Date.now();
    expect((await http.post('/auth/logout', { token: user.accessToken, body: {} })).status).toBe(204);
    const ms = await revokedAfterMs(user.accessToken, at);
    expect(ms).toBeGreaterThanOrEqual(0);
    // Another session of the same user is untouched.
    const again = await http.post('/auth/login', { body: { email: user.email, password: user.password } });
    expect((await http.get('/me', { token: again.body.accessToken })).status).toBe(200);
  });

  it('password change: the other sessions’ access tokens are refused, the caller’s is not', async () => {
    const user = await signUpAndLogIn(http);
    const other = await http.post('/auth/login', { body: { email: user.email, password: user.password } });
    expect((await http.get('/me', { token: other.body.accessToken })).status).toBe(200);
    const at = Date.now();
    const res = await http.put('/account/password', {
      token: user.accessToken,
      body: { currentPassword: user.password, newPassword: 'a brand new passphrase' },
    });
    expect(res.status).toBe(204);
    expect(await revokedAfterMs(other.body.accessToken, at)).toBeGreaterThanOrEqual(0);
    expect((await http.get('/me', { token: user.accessToken })).status).toBe(200);
  });

  it('refresh-token reuse: the whole session’s access tokens are refused, the thief’s included', async () => {
    const user = await signUpAndLogIn(http);
    const rotated = await http.post('/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(rotated.status).toBe(200);
    expect((await http.get('/me', { token: rotated.body.accessToken })).status).toBe(200);
    const at = Date.now();
    expectProblem(await http.post('/auth/refresh', { body: { refreshToken: user.refreshToken } }), 401);
    expect(await revokedAfterMs(rotated.body.accessToken, at)).toBeGreaterThanOrEqual(0);
    expect(await revokedAfterMs(user.accessToken, at)).toBeGreaterThanOrEqual(0);
  });
});
