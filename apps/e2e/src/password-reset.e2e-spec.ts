import { HttpClient, OwnStack, signUpAndLogIn, SmtpCatcher, startOwnStack, uniqueEmail } from '@sms/testing';
import { Client } from 'pg';
import { e2eState } from './support/e2e-state';
import { expectProblem } from './support/problem';

/**
 * Forgotten password through the real mail path: identity → notifications → SMTP. The shared
 * stack has no SMTP server a test can read, so this file runs its own stack with a catcher.
 */
describe('forgotten password and the owner setting a manager password', () => {
  let own: OwnStack;
  let databaseUrl: string;
  let http: HttpClient;
  const smtp = new SmtpCatcher();

  beforeAll(async () => {
    await smtp.start();
    own = await startOwnStack('pwreset', () => ({
      ...e2eState().env,
      LOG_LEVEL: 'warn',
      SMTP_URL: smtp.url,
      PASSWORD_RESET_URL: 'https://console.example/reset',
    }));
    databaseUrl = own.databaseUrl;
    http = new HttpClient(own.stack.baseUrl);
  }, 240_000);

  afterAll(async () => {
    await own?.stop();
    await smtp.stop();
  });

  async function mailTo(address: string, count = 1) {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const mails = smtp.to(address);
      if (mails.length >= count) return mails[count - 1];
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no mail #${count} to ${address}`);
  }
  const tokenIn = (text: string) => /token=([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '';
  const login = (email: string, password: string) => http.post('/auth/login', { body: { email, password } });

  it('mails a single-use token in the account language; confirming sets the password and ends every session', async () => {
    const user = await signUpAndLogIn(http);
    const asked = await http.post('/auth/password-reset', { body: { email: user.email.toUpperCase() } });
    expect(asked.status).toBe(202);
    const mail = await mailTo(user.email);
    expect(mail.subject).toBe('Reimposta la tua password'); // Italian by default
    const token = tokenIn(mail.text);
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect(mail.text).toContain(`https://console.example/reset?token=${token}`);

    // Only the token's hash is stored.
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const stored = await db.query(`SELECT token_hash FROM identity.password_resets`);
    await db.end();
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].token_hash).not.toContain(token);

    const confirmed = await http.post('/auth/password-reset/confirm', {
      body: { token, newPassword: 'brand new secret 1' },
    });
    expect(confirmed.status).toBe(204);
    expect((await login(user.email, 'brand new secret 1')).status).toBe(200);
    expect((await login(user.email, user.password)).status).toBe(401);
    // Sessions from before: the access token and the refresh token are both refused.
    expect((await http.get('/me', { token: user.accessToken })).status).toBe(401);
    expect((await http.post('/auth/refresh', { body: { refreshToken: user.refreshToken } })).status).toBe(401);

    // Used once: a second use is 400 and changes nothing.
    expectProblem(
      await http.post('/auth/password-reset/confirm', { body: { token, newPassword: 'another secret 22' } }),
      400,
      'token',
    );
    expect((await login(user.email, 'brand new secret 1')).status).toBe(200);
  });

  it('follows the account language, and refuses forged and expired tokens with nothing changed', async () => {
    const user = await signUpAndLogIn(http);
    await http.put('/account/contact', {
      token: user.accessToken,
      body: { firstName: 'Anna', lastName: 'Rossi', email: user.email, phone: '+393331234567', language: 'en' },
    });
    expect((await http.post('/auth/password-reset', { body: { email: user.email } })).status).toBe(202);
    const mail = await mailTo(user.email);
    expect(mail.subject).toBe('Reset your password');
    const token = tokenIn(mail.text);

    expectProblem(
      await http.post('/auth/password-reset/confirm', {
        body: { token: `${token.slice(0, -2)}xx`, newPassword: 'forged secret 123' },
      }),
      400,
      'token',
    );
    // Expire it (an hour later, as far as the database is concerned).
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    await db.query(
      `UPDATE identity.password_resets SET expires_at = now() - interval '1 second'
        WHERE user_id = (SELECT id FROM identity.users WHERE email = $1)`,
      [user.email],
    );
    await db.end();
    expectProblem(
      await http.post('/auth/password-reset/confirm', { body: { token, newPassword: 'expired secret 123' } }),
      400,
      'token',
    );
    expect((await login(user.email, user.password)).status).toBe(200);
    expect((await http.get('/me', { token: user.accessToken })).status).toBe(200);
  });

  it('answers 202 for an unknown address and sends nothing; limits mails per login and requests per address', async () => {
    const unknown = uniqueEmail('nobody');
    expect((await http.post('/auth/password-reset', { body: { email: unknown } })).status).toBe(202);
    expectProblem(await http.post('/auth/password-reset', { body: { email: 'not-an-address' } }), 400, 'email');

    const user = await signUpAndLogIn(http);
    for (let i = 0; i < 4; i++) {
      expect((await http.post('/auth/password-reset', { body: { email: user.email } })).status).toBe(202);
    }
    // Three mails an hour per login: wait for the third, then for a later marker mail.
    await mailTo(user.email, 3);
    const marker = await signUpAndLogIn(http);
    expect((await http.post('/auth/password-reset', { body: { email: marker.email } })).status).toBe(202);
    await mailTo(marker.email);
    expect(smtp.to(user.email)).toHaveLength(3);
    expect(smtp.to(unknown)).toHaveLength(0);
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const issued = await db.query(
      `SELECT count(*)::int AS n FROM identity.password_resets r JOIN identity.users u ON u.id = r.user_id
        WHERE u.email = $1`,
      [user.email],
    );
    await db.end();
    expect(issued.rows[0].n).toBe(3);

    // Per address (LOGIN_RATE_LIMIT_PER_EMAIL a minute, known or not): then 429.
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await http.post('/auth/password-reset', { body: { email: unknown } })).status);
    expect(statuses).toContain(429);
  });

  it("lets the owner set a manager's password, ending the manager's sessions; managers and strangers cannot", async () => {
    const owner = await signUpAndLogIn(http);
    const managerEmail = uniqueEmail('manager');
    const created = await http.post('/sub-accounts', {
      token: owner.accessToken,
      body: {
        name: 'Shop',
        manager: { firstName: 'Marco', lastName: 'Bianchi', email: managerEmail },
        password: 'manager secret 123',
        unlimited: true,
      },
    });
    expect(created.status).toBe(201);
    const manager = (await login(managerEmail, 'manager secret 123')).body as {
      accessToken: string;
      refreshToken: string;
    };
    const stranger = await signUpAndLogIn(http);
    const path = `/sub-accounts/${created.body.id}/manager-password`;

    expectProblem(await http.put(path, { token: manager.accessToken, body: { newPassword: 'mine mine mine' } }), 403);
    expectProblem(await http.put(path, { token: stranger.accessToken, body: { newPassword: 'theirs theirs' } }), 404);
    expectProblem(
      await http.put(path, { token: owner.accessToken, body: { newPassword: 'short' } }),
      400,
      'newPassword',
    );
    expect((await login(managerEmail, 'manager secret 123')).status).toBe(200);

    expect((await http.put(path, { token: owner.accessToken, body: { newPassword: 'set by the owner' } })).status).toBe(
      204,
    );
    expect((await login(managerEmail, 'set by the owner')).status).toBe(200);
    expect((await login(managerEmail, 'manager secret 123')).status).toBe(401);
    expect((await http.get('/me', { token: manager.accessToken })).status).toBe(401);
    expect((await http.post('/auth/refresh', { body: { refreshToken: manager.refreshToken } })).status).toBe(401);
    // The owner's own session is untouched.
    expect((await http.get('/me', { token: owner.accessToken })).status).toBe(200);
  });
});
