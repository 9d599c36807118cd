import { buyCredits, HttpClient, signUpAndLogIn } from '@sms/testing';
import { e2eHttp } from './support/e2e-state';
import { expectProblem } from './support/problem';
import { settled } from './support/settled';

const http = e2eHttp();
type User = Awaited<ReturnType<typeof signUpAndLogIn>>;

const balance = async (u: User): Promise<number> =>
  (await http.get('/account/balance', { token: u.accessToken })).body.credits;

/** Polls until `check` holds for the value `read` returns; returns that value. */
async function eventually<T>(
  read: () => Promise<T>,
  check: (v: T) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 150));
    last = await read();
  }
  return last;
}

async function historyOf(
  client: HttpClient,
  u: User,
  query = '',
): Promise<{ recipient: string; status: string; errorCode?: string; campaignId: string }[]> {
  const res = await client.get(`/history?limit=500${query}`, { token: u.accessToken });
  expect(res.status).toBe(200);
  return res.body.items;
}

describe('sending SMS', () => {
  let owner: User;

  beforeAll(async () => {
    owner = await signUpAndLogIn(http);
    await buyCredits(http, owner, 100);
  });

  it('accepts a message, charges it, and shows it delivered in the history', async () => {
    const before = await balance(owner);
    const res = await http.post('/sms', {
      token: owner.accessToken,
      body: { to: ['+393471234567'], text: 'Hello from the e2e test', sender: 'ACME' },
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ campaignId: expect.any(String), recipients: 1, segments: 1, creditsCharged: 1 });
    expect(await balance(owner)).toBe(before - 1);

    const items = await eventually(
      () => historyOf(http, owner),
      (list) => list.some((m) => m.campaignId === res.body.campaignId && m.status === 'delivered'),
      'delivered in history',
    );
    expect(items.find((m) => m.campaignId === res.body.campaignId)).toEqual({
      id: expect.any(String),
      campaignId: res.body.campaignId,
      recipient: '+393471234567',
      sender: 'ACME',
      text: 'Hello from the e2e test',
      segments: 1,
      status: 'delivered',
      submittedAt: expect.any(String),
      deliveredAt: expect.any(String),
    });
    // Delivered messages stay paid for.
    expect(await balance(owner)).toBe(before - 1);
  });

  it('counts segments per GSM 03.38 and charges recipients × segments, once per distinct recipient', async () => {
    const before = await balance(owner);
    const res = await http.post('/sms', {
      token: owner.accessToken,
      body: {
        to: ['+393471234561', '+393471234562', '+393471234561'],
        text: `${'a'.repeat(150)}€{}[]~^|\\`,
        sender: 'ACME',
      },
    });
    // 150 + 9 extension characters × 2 = 168 septets: two segments.
    expect(res.body).toMatchObject({ recipients: 2, segments: 2, creditsCharged: 4 });
    const emoji = await http.post('/sms', {
      token: owner.accessToken,
      body: { to: ['+393471234563'], text: '😀'.repeat(36), sender: 'ACME' },
    });
    expect(emoji.body).toMatchObject({ recipients: 1, segments: 2, creditsCharged: 2 });
    expect(await balance(owner)).toBe(before - 6);
  });

  it('ends magic numbers failed or expired and gives their credits back', async () => {
    const before = await balance(owner);
    const res = await http.post('/sms', {
      token: owner.accessToken,
      body: { to: ['+393470000000', '+393470000001', '+393470000002', '+393479999999'], text: 'magic', sender: 'ACME' },
    });
    expect(res.status).toBe(202);
    expect(res.body.creditsCharged).toBe(4);
    const mine = (list: Awaited<ReturnType<typeof historyOf>>) =>
      list.filter((m) => m.campaignId === res.body.campaignId);
    const items = await eventually(
      async () => mine(await historyOf(http, owner)),
      (list) => list.length === 4 && list.every((m) => m.status !== 'queued' && m.status !== 'sent'),
      'final statuses',
    );
    const byRecipient = Object.fromEntries(items.map((m) => [m.recipient, [m.status, m.errorCode]]));
    expect(byRecipient).toEqual({
      '+393470000000': ['failed', 'SIM-REJECTED'],
      '+393470000001': ['failed', 'SIM-FAILED'],
      '+393470000002': ['expired', 'SIM-EXPIRED'],
      '+393479999999': ['delivered', undefined],
    });
    // Only the delivered message stays charged.
    await eventually(
      () => balance(owner),
      (b) => b === before - 1,
      'refunds',
    );
  });

  it('refuses a send the balance cannot cover with 422, sending and charging nothing', async () => {
    const poor = await signUpAndLogIn(http);
    await buyCredits(http, poor, 1);
    const res = await http.post('/sms', {
      token: poor.accessToken,
      body: { to: ['+393471111111', '+393472222222'], text: 'two', sender: 'ACME' },
    });
    expectProblem(res, 422);
    expect(res.body.code).toBe('insufficient-credits');
    const broke = await signUpAndLogIn(http);
    expectProblem(
      await http.post('/sms', { token: broke.accessToken, body: { to: ['+393471111111'], text: 'x' } }),
      422,
    );
    await settled();
    expect(await balance(poor)).toBe(1);
    expect(await historyOf(http, poor)).toEqual([]);
    expect(await historyOf(http, broke)).toEqual([]);
  });

  it.each([
    ['a recipient that is not E.164', { to: ['3331234567'], text: 'x' }, 'to'],
    ['an empty recipient list', { to: [], text: 'x' }, 'to'],
    [
      'more than 10,000 recipients',
      { to: Array.from({ length: 10_001 }, (_, i) => `+3934${String(i).padStart(8, '0')}`), text: 'x' },
      'to',
    ],
    ['recipients that are not a list', { to: '+393331234567', text: 'x' }, 'to'],
    ['an empty text', { to: ['+393331234567'], text: '' }, 'text'],
    ['a text over 1,600 characters', { to: ['+393331234567'], text: 'a'.repeat(1601) }, 'text'],
    ['a missing text', { to: ['+393331234567'] }, 'text'],
    ['an invalid sender', { to: ['+393331234567'], text: 'x', sender: 'WAY-TOO-LONG-SENDER' }, 'sender'],
    ['a scheduledAt that is not a date', { to: ['+393331234567'], text: 'x', scheduledAt: 'tomorrow' }, 'scheduledAt'],
    ['an unknown field', { to: ['+393331234567'], text: 'x', priority: 'high' }, 'priority'],
  ])('refuses %s with 400 and charges nothing', async (_name, body, field) => {
    const before = await balance(owner);
    expectProblem(await http.post('/sms', { token: owner.accessToken, body }), 400, field);
    expect(await balance(owner)).toBe(before);
  });

  it('needs a token', async () => {
    expectProblem(await http.post('/sms', { body: { to: ['+393331234567'], text: 'x' } }), 401);
  });

  it('honours Idempotency-Key: a retry returns the first answer and charges once; another body is 409', async () => {
    const before = await balance(owner);
    const headers = { 'idempotency-key': `sms-${Date.now()}` };
    const body = { to: ['+393473333333'], text: 'only once', sender: 'ACME' };
    const first = await http.post('/sms', { token: owner.accessToken, headers, body });
    const retry = await http.post('/sms', { token: owner.accessToken, headers, body });
    expect(first.status).toBe(202);
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(first.body);
    expectProblem(
      await http.post('/sms', { token: owner.accessToken, headers, body: { ...body, text: 'changed' } }),
      409,
    );
    expect(await balance(owner)).toBe(before - 1);
    // History is a projection of events: read once it holds the campaign, then count the message.
    const sent = await eventually(
      async () => (await historyOf(http, owner)).filter((m) => m.recipient === '+393473333333'),
      (list) => list.some((m) => m.campaignId === first.body.campaignId),
      'the message in history',
    );
    expect(sent).toHaveLength(1);
  });

  it("uses the account's default sender when the request names none", async () => {
    expect(
      (await http.put('/account/sender', { token: owner.accessToken, body: { defaultSender: 'ROSSISRL' } })).status,
    ).toBe(200);
    const res = await http.post('/sms', {
      token: owner.accessToken,
      body: { to: ['+393474444444'], text: 'default sender' },
    });
    expect(res.status).toBe(202);
    const items = await eventually(
      async () => (await historyOf(http, owner)).filter((m) => m.campaignId === res.body.campaignId),
      (list) => list.length === 1,
      'in history',
    );
    expect(items[0]).toMatchObject({ sender: 'ROSSISRL' });
  });
});
