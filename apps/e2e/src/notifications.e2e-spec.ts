import { buyCredits, eventually, signUpAndLogIn, uniqueEmail } from '@sms/testing';
import { Client } from 'pg';
import { e2eHttp, e2eState } from './support/e2e-state';
import { expectProblem } from './support/problem';
import { settled } from './support/settled';
import { accountDay } from './support/account-day';

const http = e2eHttp();
type Owner = Awaited<ReturnType<typeof signUpAndLogIn>>;
const MANAGER_PASSWORD = 'manager secret 123';
const NOTHING = { threshold: null, sms: null, email: null };

type Channel = { active: boolean; phone?: string; address?: string };
/** The view of a setting whose recipients were not verified yet (each new recipient starts so). */
const unverified = (s: { threshold: number; sms?: Channel; email?: Channel }) => ({
  threshold: s.threshold,
  sms: s.sms ? { ...s.sms, verified: false } : null,
  email: s.email ? { ...s.email, verified: false } : null,
});

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const found = await eventually(
    what,
    async () => {
      const v = await read();
      return ok(v) && { v };
    },
    timeoutMs,
  );
  return found.v;
}

const balanceOf = async (token: string): Promise<number> =>
  (await http.get('/account/balance', { token })).body.credits;

async function subAccountManager(owner: Owner, unlimited: boolean): Promise<string> {
  const email = uniqueEmail('manager');
  const body = {
    name: 'Milan office',
    manager: { firstName: 'Marco', lastName: 'Bianchi', email },
    password: MANAGER_PASSWORD,
    unlimited,
  };
  const created = await http.post('/sub-accounts', { token: owner.accessToken, body });
  if (created.status !== 201) throw new Error(`create sub-account: ${created.status} ${created.text}`);
  const login = await http.post('/auth/login', { body: { email, password: MANAGER_PASSWORD } });
  if (login.status !== 200) throw new Error(`manager login: ${login.status} ${login.text}`);
  return login.body.accessToken as string;
}

describe('Balance alert: settings', () => {
  let owner: Owner;
  beforeEach(async () => {
    owner = await signUpAndLogIn(http);
  });

  it('is empty before the first PUT, then stores and returns the whole setting', async () => {
    const empty = await http.get('/account/balance-alert', { token: owner.accessToken });
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual(NOTHING);

    const setting = {
      threshold: 500,
      sms: { phone: '+393331234567', active: true },
      email: { address: 'ops@example.com', active: false },
    };
    const put = await http.put('/account/balance-alert', { token: owner.accessToken, body: setting });
    expect(put.status).toBe(200);
    expect(put.body).toEqual(unverified(setting));
    expect((await http.get('/account/balance-alert', { token: owner.accessToken })).body).toEqual(unverified(setting));

    // PUT replaces: an omitted channel is removed.
    const smaller = { threshold: 0, email: { address: 'ops@example.com', active: true } };
    expect((await http.put('/account/balance-alert', { token: owner.accessToken, body: smaller })).body).toEqual(
      unverified(smaller),
    );
  });

  it.each([
    [{ threshold: -1 }, 'threshold'],
    [{ threshold: 1.5 }, 'threshold'],
    [{ threshold: '100' }, 'threshold'],
    [{}, 'threshold'],
    [{ threshold: 10, sms: { phone: '3331234567', active: true } }, 'sms.phone'],
    [{ threshold: 10, sms: { phone: '+393331234567' } }, 'sms.active'],
    [{ threshold: 10, email: { address: 'not-an-email', active: true } }, 'email.address'],
    [{ threshold: 10, email: { address: 'ops@example.com', active: 'yes' } }, 'email.active'],
    [{ threshold: 10, push: { token: 'x' } }, 'push'],
  ])('refuses %j with 400 on %s and changes nothing', async (body, field) => {
    const setting = { threshold: 7, email: { address: 'ops@example.com', active: true } };
    await http.put('/account/balance-alert', { token: owner.accessToken, body: setting });
    expectProblem(await http.put('/account/balance-alert', { token: owner.accessToken, body }), 400, field);
    expect((await http.get('/account/balance-alert', { token: owner.accessToken })).body).toEqual(unverified(setting));
  });

  it('refuses malformed JSON and a missing token', async () => {
    expectProblem(
      await http.put('/account/balance-alert', { token: owner.accessToken, rawBody: '{"threshold":' }),
      400,
    );
    expect((await http.get('/account/balance-alert')).status).toBe(401);
    expect((await http.put('/account/balance-alert', { body: { threshold: 1 } })).status).toBe(401);
    expect((await http.get('/account/notifications')).status).toBe(401);
  });

  it('lets the manager of a limited sub-account watch its own balance, and refuses an unlimited one with 422', async () => {
    await buyCredits(http, owner, 100);
    const limited = await subAccountManager(owner, false);
    const setting = { threshold: 10, email: { address: 'milan@example.com', active: true } };
    expect((await http.put('/account/balance-alert', { token: limited, body: setting })).status).toBe(200);
    expect((await http.get('/account/balance-alert', { token: limited })).body).toEqual(unverified(setting));
    expect((await http.get('/account/balance-alert', { token: owner.accessToken })).body).toEqual(NOTHING);

    const unlimited = await subAccountManager(owner, true);
    const refused = await http.put('/account/balance-alert', { token: unlimited, body: setting });
    expectProblem(refused, 422);
    expect(refused.body.detail).toMatch(/unlimited sub-account/i);
    expect(refused.body.detail).toMatch(/parent account/i);
    expectProblem(await http.get('/account/balance-alert', { token: unlimited }), 422);
  });
});

describe('Balance alert: a crossing alerts each active channel once, free of charge', () => {
  it('sends the SMS to the verified number through messaging without charging it, nothing to the unverified address, and logs it', async () => {
    const owner = await signUpAndLogIn(http);
    await buyCredits(http, owner, 100);
    const alertPhone = '+393479991234';
    await http.put('/account/balance-alert', {
      token: owner.accessToken,
      body: {
        threshold: 95,
        sms: { phone: alertPhone, active: true },
        email: { address: 'ops@example.com', active: true },
      },
    });
    // The number gets a code as a system SMS (read from messaging's store, as the carrier would deliver it).
    const db = new Client({ connectionString: e2eState().databaseUrl });
    await db.connect();
    const codeSms = await until(
      'the verification code SMS',
      async () =>
        (
          await db.query<{ text: string }>(
            `SELECT c.text FROM messaging.campaigns c JOIN messaging.messages m ON m.campaign_id = c.id
             WHERE c.kind = 'system' AND m.recipient = $1`,
            [alertPhone],
          )
        ).rows,
      (rows) => rows.length > 0,
    );
    await db.end();
    const code = /\b(\d{6})\b/.exec(codeSms[0].text)![1];
    const verified = await http.post('/account/alerts/verify', {
      token: owner.accessToken,
      body: { channel: 'sms', code },
    });
    expect(verified.status).toBe(200);
    expect(verified.body.sms).toEqual({ phone: alertPhone, active: true, verified: true });
    expect(verified.body.email).toEqual({ address: 'ops@example.com', active: true, verified: false });
    // Six one-segment messages: 100 → 94 credits, through the threshold (numbers the simulated carrier delivers).
    const to = Array.from({ length: 6 }, (_, i) => `+39347123456${i + 1}`);
    const sent = await http.post('/sms', { token: owner.accessToken, body: { to, text: 'Hello' } });
    expect(sent.status).toBe(202);
    expect(sent.body.creditsCharged).toBe(6);

    type Page = {
      items: { id: string; channel: string; recipient: string; status: string; sentAt: string | null }[];
      nextCursor: string | null;
    };
    const log = await until(
      'the SMS alert delivered',
      async () => (await http.get<Page>('/account/notifications', { token: owner.accessToken })).body,
      (p) => p.items.some((n) => n.channel === 'sms' && n.status === 'sent'),
    );
    // The unverified address got nothing: one alert, the SMS.
    expect(log.items).toHaveLength(1);
    expect(log.items.find((n) => n.channel === 'sms')).toMatchObject({
      recipient: alertPhone,
      status: 'sent',
      sentAt: expect.any(String),
    });
    // The alert SMS cost nothing: the balance is what the campaign left…
    expect(await balanceOf(owner.accessToken)).toBe(94);
    // …and it is not in the customer's history, which shows the campaign.
    const today = accountDay(); // /history reads a day in the account's time zone
    const history = await until(
      'the campaign in the history',
      async () => (await http.get(`/history?from=${today}&to=${today}`, { token: owner.accessToken })).body,
      (h: { items?: { recipient: string }[] }) => (h.items ?? []).length >= 6,
    );
    expect((history.items ?? []).map((m) => m.recipient)).not.toContain(alertPhone);

    // More debits below the threshold do not alert again.
    expect(
      (await http.post('/sms', { token: owner.accessToken, body: { to: ['+393471234567'], text: 'Again' } })).status,
    ).toBe(202);
    await until(
      'the second debit',
      () => balanceOf(owner.accessToken),
      (c) => c === 93,
    );
    await settled(); // the balance events of the second debit reached notifications
    expect((await http.get<Page>('/account/notifications', { token: owner.accessToken })).body.items).toHaveLength(1);

    // One page, and nobody else sees these alerts.
    const first = await http.get<Page>('/account/notifications?limit=1', { token: owner.accessToken });
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toBeNull();
    const stranger = await signUpAndLogIn(http);
    expect((await http.get<Page>('/account/notifications', { token: stranger.accessToken })).body).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it('refuses a bad limit or cursor with 400', async () => {
    const owner = await signUpAndLogIn(http);
    for (const q of ['limit=0', 'limit=501', 'limit=abc', 'cursor=not-ours', 'sort=desc']) {
      expectProblem(await http.get(`/account/notifications?${q}`, { token: owner.accessToken }), 400);
    }
  });
});
