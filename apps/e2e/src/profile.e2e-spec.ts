import { COMPLETE_BILLING, signUpAndLogIn, uniqueEmail } from '@sms/testing';
import { e2eHttp } from './support/e2e-state';
import { expectProblem } from './support/problem';

const http = e2eHttp();

describe('My account: profile', () => {
  let user: Awaited<ReturnType<typeof signUpAndLogIn>>;
  beforeEach(async () => {
    user = await signUpAndLogIn(http);
  });

  it('billing details: empty at first, then stored and returned', async () => {
    const empty = await http.get('/account/billing', { token: user.accessToken });
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ address: null, country: null });

    const put = await http.put('/account/billing', {
      token: user.accessToken,
      body: { ...COMPLETE_BILLING, city: 'Forlì' },
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ ...COMPLETE_BILLING, city: 'Forlì' });
    const got = await http.get('/account/billing', { token: user.accessToken });
    expect(got.body).toEqual({ ...COMPLETE_BILLING, city: 'Forlì' });
  });

  it('billing details: bad country, missing and unknown fields are 400 and change nothing', async () => {
    await http.put('/account/billing', { token: user.accessToken, body: COMPLETE_BILLING });
    expectProblem(
      await http.put('/account/billing', { token: user.accessToken, body: { ...COMPLETE_BILLING, country: 'ITA' } }),
      400,
      'country',
    );
    const { city: _c, ...missing } = COMPLETE_BILLING;
    expectProblem(await http.put('/account/billing', { token: user.accessToken, body: missing }), 400, 'city');
    expectProblem(
      await http.put('/account/billing', { token: user.accessToken, body: { ...COMPLETE_BILLING, isAdmin: true } }),
      400,
      'isAdmin',
    );
    expectProblem(
      await http.put('/account/billing', { token: user.accessToken, body: { ...COMPLETE_BILLING, postalCode: 184 } }),
      400,
      'postalCode',
    );
    expect((await http.get('/account/billing', { token: user.accessToken })).body).toEqual(COMPLETE_BILLING);
  });

  it('contact details: e-mail is the login and stays unique case-insensitively', async () => {
    const other = await signUpAndLogIn(http);
    const newEmail = uniqueEmail('New');
    const contact = { firstName: 'Anna', lastName: 'Bianchi', email: newEmail, phone: '+393331234567', language: 'en' };
    const put = await http.put('/account/contact', { token: user.accessToken, body: contact });
    expect(put.status).toBe(200);
    expect(put.body).toEqual(contact);
    expect(
      (await http.post('/auth/login', { body: { email: newEmail.toLowerCase(), password: user.password } })).status,
    ).toBe(200);
    expect((await http.post('/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(401);

    const taken = await http.put('/account/contact', {
      token: other.accessToken,
      body: { ...contact, email: newEmail.toUpperCase() },
    });
    expectProblem(taken, 409);
    expect((await http.get('/account/contact', { token: other.accessToken })).body.email).toBe(other.email);
  });

  it('contact details: invalid e-mail, E.164 phone and language are 400', async () => {
    const ok = { firstName: 'A', lastName: 'B', email: uniqueEmail(), phone: '+393331234567' };
    expectProblem(
      await http.put('/account/contact', { token: user.accessToken, body: { ...ok, email: 'not-an-email' } }),
      400,
      'email',
    );
    expectProblem(
      await http.put('/account/contact', { token: user.accessToken, body: { ...ok, phone: '3331234567' } }),
      400,
      'phone',
    );
    expectProblem(
      await http.put('/account/contact', { token: user.accessToken, body: { ...ok, language: 'fr' } }),
      400,
      'language',
    );
    const got = await http.get('/account/contact', { token: user.accessToken });
    expect(got.body).toEqual({ firstName: 'Anna', lastName: 'Rossi', email: user.email, phone: null, language: 'it' });
  });

  it('password change revokes the other sessions but keeps this one', async () => {
    const other = await http.post('/auth/login', { body: { email: user.email, password: user.password } });
    const res = await http.put('/account/password', {
      token: user.accessToken,
      body: { currentPassword: user.password, newPassword: 'a brand new passphrase' },
    });
    expect(res.status).toBe(204);
    expectProblem(await http.post('/auth/refresh', { body: { refreshToken: other.body.refreshToken } }), 401);
    expect((await http.post('/auth/refresh', { body: { refreshToken: user.refreshToken } })).status).toBe(200);
    expect(
      (await http.post('/auth/login', { body: { email: user.email, password: 'a brand new passphrase' } })).status,
    ).toBe(200);
    expect((await http.post('/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(401);
  });

  it('password change with a wrong current password is refused', async () => {
    const res = await http.put('/account/password', {
      token: user.accessToken,
      body: { currentPassword: 'wrong password', newPassword: 'a brand new passphrase' },
    });
    expectProblem(res, 401);
    expectProblem(
      await http.put('/account/password', {
        token: user.accessToken,
        body: { currentPassword: user.password, newPassword: 'short' },
      }),
      400,
      'newPassword',
    );
  });

  it('default sender: alphanumeric or E.164, repliesDisabled when custom, null resets', async () => {
    expect((await http.get('/account/sender', { token: user.accessToken })).body).toEqual({
      defaultSender: null,
      repliesDisabled: false,
      effectiveSender: '+393400000100', // identity's default SHARED_NUMBER
    });
    const alpha = await http.put('/account/sender', { token: user.accessToken, body: { defaultSender: 'Rossi Srl' } });
    expect(alpha.body).toEqual({ defaultSender: 'Rossi Srl', repliesDisabled: true, effectiveSender: 'Rossi Srl' });
    const numeric = await http.put('/account/sender', {
      token: user.accessToken,
      body: { defaultSender: '+393331234567' },
    });
    expect(numeric.status).toBe(200);
    expect(numeric.body.repliesDisabled).toBe(true); // replies to a customer's own number never reach the platform
    for (const bad of ['AB', 'TwelveChars1', '12345', 'Bad_Name', '', 42]) {
      expectProblem(
        await http.put('/account/sender', { token: user.accessToken, body: { defaultSender: bad } }),
        400,
        'defaultSender',
      );
    }
    expect((await http.get('/account/sender', { token: user.accessToken })).body.defaultSender).toBe('+393331234567');
    const reset = await http.put('/account/sender', { token: user.accessToken, body: { defaultSender: null } });
    expect(reset.body).toEqual({ defaultSender: null, repliesDisabled: false, effectiveSender: '+393400000100' });
  });
});
