import { signupBody, signUpAndLogIn, uniqueEmail } from '@sms/testing';
import { e2eHttp } from './support/e2e-state';
import { expectProblem } from './support/problem';

const http = e2eHttp();

describe('auth: signup → login → me → refresh rotation → logout', () => {
  it('walks the whole session lifecycle', async () => {
    const body = signupBody({ email: uniqueEmail('Walk') });
    const signup = await http.post('/auth/signup', { body });
    expect(signup.status).toBe(201);
    expect(signup.body).toEqual({ accountId: expect.any(String), userId: expect.any(String) });

    const login = await http.post('/auth/login', {
      body: { email: body.email.toUpperCase(), password: body.password },
    });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });

    const me = await http.get('/me', { token: login.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      userId: signup.body.userId,
      accountId: signup.body.accountId,
      role: 'owner',
      email: body.email,
      firstName: 'Anna',
      lastName: 'Rossi',
    });

    const rotated = await http.post('/auth/refresh', { body: { refreshToken: login.body.refreshToken } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.refreshToken).not.toBe(login.body.refreshToken);
    expect((await http.get('/me', { token: rotated.body.accessToken })).status).toBe(200);

    // The first token comes back: reuse. It is refused and the whole family is revoked.
    expectProblem(await http.post('/auth/refresh', { body: { refreshToken: login.body.refreshToken } }), 401);
    expectProblem(await http.post('/auth/refresh', { body: { refreshToken: rotated.body.refreshToken } }), 401);

    const again = await http.post('/auth/login', { body: { email: body.email, password: body.password } });
    const logout = await http.post('/auth/logout', { token: again.body.accessToken, body: {} });
    expect(logout.status).toBe(204);
    expectProblem(await http.post('/auth/refresh', { body: { refreshToken: again.body.refreshToken } }), 401);
  });

  it('refuses a duplicate signup, case-insensitively, with 409', async () => {
    const body = signupBody();
    expect((await http.post('/auth/signup', { body })).status).toBe(201);
    const dup = await http.post('/auth/signup', { body: { ...body, email: body.email.toUpperCase() } });
    expectProblem(dup, 409);
  });

  it('refuses a wrong password and an unknown e-mail with the same 401', async () => {
    const user = await signUpAndLogIn(http);
    const wrong = await http.post('/auth/login', { body: { email: user.email, password: 'not the password' } });
    const unknown = await http.post('/auth/login', { body: { email: uniqueEmail(), password: 'whatever pw' } });
    expectProblem(wrong, 401);
    expectProblem(unknown, 401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('backs off a client after repeated failed logins for one e-mail with 429', async () => {
    const user = await signUpAndLogIn(http);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (await http.post('/auth/login', { body: { email: user.email, password: 'wrong password' } })).status,
      );
    }
    // LOGIN_FREE_FAILURES is 5 in the e2e stack, then the client waits 10 s, doubling per failure.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const limited = await http.post('/auth/login', { body: { email: user.email, password: user.password } });
    expectProblem(limited, 429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('login does not reveal whether an e-mail exists', () => {
  async function timed(body: object): Promise<number> {
    const started = process.hrtime.bigint();
    const res = await http.post('/auth/login', { body });
    expect(res.status).toBe(401);
    return Number(process.hrtime.bigint() - started) / 1e6;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  it('spends a password check on unknown e-mails too (same time shape as a wrong password)', async () => {
    const users = await Promise.all(Array.from({ length: 4 }, () => signUpAndLogIn(http)));
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (const user of users) {
      wrong.push(await timed({ email: user.email, password: 'wrong password!' }));
      unknown.push(await timed({ email: uniqueEmail('ghost'), password: 'wrong password!' }));
    }
    // Without the dummy check an unknown e-mail answers in about a millisecond instead of tens.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.4);
  });
});

describe('login backoff does not lock the victim out', () => {
  const from = (ip: string) => ({ 'x-forwarded-for': ip });

  it("11 wrong passwords from an attacker's address do not stop the right one from another address", async () => {
    const victim = await signUpAndLogIn(http);
    const attacker: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await http.post('/auth/login', {
        body: { email: victim.email, password: `guess ${i}` },
        headers: from('203.0.113.66'),
      });
      attacker.push(res.status);
    }
    expect(attacker.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(attacker.slice(5).every((s) => s === 429)).toBe(true);
    const held = await http.post('/auth/login', {
      body: { email: victim.email, password: victim.password },
      headers: from('203.0.113.66'),
    });
    expectProblem(held, 429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);

    const own = await http.post('/auth/login', {
      body: { email: victim.email, password: victim.password },
      headers: from('198.51.100.20'),
    });
    expect(own.status).toBe(200);
  });
});

describe('e-mails in use are not enumerable through 409', () => {
  it('answers 409 a few times an hour per user, then 429 with Retry-After', async () => {
    const owner = await signUpAndLogIn(http);
    const taken = await signUpAndLogIn(http);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await http.post('/sub-accounts', {
        token: owner.accessToken,
        body: {
          name: `Probe ${i}`,
          manager: { firstName: 'Ugo', lastName: 'Neri', email: taken.email },
          password: 'manager password 1',
          unlimited: true,
        },
      });
      statuses.push(res.status);
    }
    // EMAIL_CONFLICTS_PER_HOUR (5): the sixth probe learns nothing.
    expect(statuses).toEqual([409, 409, 409, 409, 409, 429]);
    const contact = await http.put('/account/contact', {
      token: owner.accessToken,
      body: { firstName: 'Anna', lastName: 'Rossi', email: uniqueEmail(), phone: '+393331234567' },
    });
    expectProblem(contact, 429);
    expect(contact.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('password changes are limited per user', () => {
  it('refuses the eleventh change in an hour with 429', async () => {
    const user = await signUpAndLogIn(http);
    let password = user.password;
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const next = `a new long password ${i}`;
      const res = await http.put('/account/password', {
        token: user.accessToken,
        body: { currentPassword: password, newPassword: next },
      });
      statuses.push(res.status);
      if (res.status === 204) password = next;
    }
    expect(statuses.slice(0, 10).every((s) => s === 204)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
