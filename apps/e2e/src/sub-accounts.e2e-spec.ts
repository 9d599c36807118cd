import { natsAuthOptions } from '@sms/nats-auth';
import { BillingEvents, InvoicePaidData } from '@sms/contracts';
import { createEnvelope, ensureEventsStream, eventSubject } from '@sms/events';
import { signUpAndLogIn, uniqueEmail } from '@sms/testing';
import { NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { e2eHttp, e2eState } from './support/e2e-state';
import { expectProblem } from './support/problem';
import { accountDay, shiftDay } from './support/account-day';
import { connectWhenReachable } from '@sms/nats';

const http = e2eHttp();
type Owner = Awaited<ReturnType<typeof signUpAndLogIn>>;
const MANAGER_PASSWORD = 'manager secret 123';

let nc: NatsConnection;

/** Gives an owner credits the way production does: billing's "invoice paid" event. */
async function fund(owner: Owner, credits: number): Promise<void> {
  const before = (await http.get('/account/balance', { token: owner.accessToken })).body.credits as number;
  const natsPrefix = e2eState().env.NATS_PREFIX;
  await ensureEventsStream(nc, { natsPrefix });
  const data: InvoicePaidData = {
    invoiceId: randomUUID(),
    invoiceNumber: '2026-000001',
    accountId: owner.accountId,
    smsCount: credits,
    paidAt: new Date().toISOString(),
  };
  const envelope = createEnvelope(BillingEvents.invoicePaid, data, { accountId: owner.accountId });
  await nc
    .jetstream()
    .publish(eventSubject(envelope.type, natsPrefix), JSON.stringify(envelope), { msgID: envelope.id });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if ((await http.get('/account/balance', { token: owner.accessToken })).body.credits === before + credits) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('purchase never credited');
}

const balanceOf = async (token: string) =>
  (await http.get('/account/balance', { token })).body as { credits: number; unlimited: boolean };

function subAccountBody(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Milan office',
    manager: { firstName: 'Marco', lastName: 'Bianchi', email: uniqueEmail('manager') },
    password: MANAGER_PASSWORD,
    unlimited: false,
    ...overrides,
  };
}

async function createSub(owner: Owner, overrides: Record<string, unknown> = {}) {
  const body = subAccountBody(overrides);
  const res = await http.post('/sub-accounts', { token: owner.accessToken, body });
  if (res.status !== 201) throw new Error(`create sub-account: ${res.status} ${res.text}`);
  return { sub: res.body, body };
}

async function loginManager(email: string) {
  const res = await http.post('/auth/login', { body: { email, password: MANAGER_PASSWORD } });
  if (res.status !== 200) throw new Error(`manager login: ${res.status} ${res.text}`);
  return res.body.accessToken as string;
}

beforeAll(async () => {
  nc = await connectWhenReachable({ servers: e2eState().env.NATS_URL, ...natsAuthOptions() });
});
afterAll(async () => {
  await nc.drain();
});

describe('sub-accounts: owner flows', () => {
  let owner: Owner;

  beforeAll(async () => {
    owner = await signUpAndLogIn(http);
    await fund(owner, 1000);
  });

  it('creates a limited sub-account with initial credits moved from the parent', async () => {
    const { sub, body } = await createSub(owner, { credits: 100 });
    expect(sub).toEqual({
      id: expect.any(String),
      name: 'Milan office',
      manager: body.manager,
      smsSent: 0,
      creditsUsedThisMonth: 0,
      creditsUsedLastMonth: 0,
      credits: 100,
      unlimited: false,
      active: true,
      createdAt: expect.any(String),
    });
    expect(await balanceOf(owner.accessToken)).toEqual({ credits: 900, unlimited: false });
    expect((await http.get(`/sub-accounts/${sub.id}`, { token: owner.accessToken })).body).toEqual(sub);

    const list = await http.get('/sub-accounts', { token: owner.accessToken });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual(expect.arrayContaining([sub]));

    const tx = await http.get(`/transactions?subAccountId=${sub.id}`, { token: owner.accessToken });
    expect(tx.body.items).toEqual([
      {
        id: expect.any(String),
        createdAt: expect.any(String),
        kind: 'credit',
        credits: 100,
        subAccount: { id: sub.id, name: sub.name },
      },
    ]);

    // The manager logs in and sees its own balance only.
    const token = await loginManager(body.manager.email);
    expect(await balanceOf(token)).toEqual({ credits: 100, unlimited: false });
    const me = await http.get('/me', { token });
    expect(me.body).toMatchObject({ role: 'manager', accountId: sub.id, parentAccountId: owner.accountId });
  });

  it('credits, resets, and lists both as transactions', async () => {
    const { sub } = await createSub(owner);
    const credit = await http.post(`/sub-accounts/${sub.id}/credit`, {
      token: owner.accessToken,
      body: { credits: 40 },
    });
    expect(credit.status).toBe(200);
    const parentBefore = credit.body.parentCredits;
    expect(credit.body).toEqual({
      transaction: {
        id: expect.any(String),
        createdAt: expect.any(String),
        kind: 'credit',
        credits: 40,
        subAccount: { id: sub.id, name: sub.name },
      },
      parentCredits: expect.any(Number),
      subAccountCredits: 40,
    });
    const reset = await http.post(`/sub-accounts/${sub.id}/reset`, { token: owner.accessToken });
    expect(reset.status).toBe(200);
    expect(reset.body.transaction).toMatchObject({ kind: 'reset', credits: 40, subAccount: { id: sub.id } });
    expect((await http.get(`/sub-accounts/${sub.id}`, { token: owner.accessToken })).body.credits).toBe(0);
    expect((await balanceOf(owner.accessToken)).credits).toBe(parentBefore + 40);
    // Nothing left: a second reset moves nothing.
    expect((await http.post(`/sub-accounts/${sub.id}/reset`, { token: owner.accessToken })).body).toEqual({
      transaction: null,
    });

    const tx = await http.get(`/transactions?subAccountId=${sub.id}`, { token: owner.accessToken });
    expect(tx.body.items.map((t: { kind: string; credits: number }) => [t.kind, t.credits])).toEqual([
      ['reset', 40],
      ['credit', 40],
    ]);
    // Days around today in the account's time zone (Europe/Rome): whichever rule /transactions
    // applies to a day (UTC today, the account's zone once issue 10 item 3 lands), both fall inside.
    const today = accountDay();
    const around = `from=${shiftDay(today, -1)}&to=${shiftDay(today, 1)}`;
    expect(
      (await http.get(`/transactions?subAccountId=${sub.id}&${around}`, { token: owner.accessToken })).body.items,
    ).toHaveLength(2);
    expect(
      (await http.get(`/transactions?subAccountId=${sub.id}&to=2020-01-01`, { token: owner.accessToken })).body.items,
    ).toHaveLength(0);
    const page = await http.get(`/transactions?subAccountId=${sub.id}&limit=1`, { token: owner.accessToken });
    expect(page.body.items).toHaveLength(1);
    const next = await http.get(`/transactions?subAccountId=${sub.id}&limit=1&cursor=${page.body.nextCursor}`, {
      token: owner.accessToken,
    });
    expect(next.body.items[0].kind).toBe('credit');
    expect(next.body.nextCursor).toBeNull();
  });

  it('an unlimited sub-account spends and shows the parent’s balance', async () => {
    const { sub, body } = await createSub(owner, { unlimited: true });
    expect(sub).toMatchObject({ unlimited: true, credits: 0 });
    const token = await loginManager(body.manager.email);
    expect(await balanceOf(token)).toEqual({ credits: (await balanceOf(owner.accessToken)).credits, unlimited: true });
    expectProblem(
      await http.post(`/sub-accounts/${sub.id}/credit`, { token: owner.accessToken, body: { credits: 1 } }),
      422,
    );
  });

  it('renames, edits the manager and switches to unlimited (returning its credits)', async () => {
    const { sub } = await createSub(owner, { credits: 30 });
    const parentBefore = (await balanceOf(owner.accessToken)).credits;
    const email = uniqueEmail('renamed');
    const res = await http.patch(`/sub-accounts/${sub.id}`, {
      token: owner.accessToken,
      body: { name: 'Rome office', manager: { lastName: 'Verdi', email }, unlimited: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Rome office',
      manager: { firstName: 'Marco', lastName: 'Verdi', email },
      unlimited: true,
      credits: 0,
    });
    expect((await balanceOf(owner.accessToken)).credits).toBe(parentBefore + 30);
    await loginManager(email);
  });

  it('refuses a manager e-mail already used, leaving nothing behind', async () => {
    const taken = owner.email;
    const res = await http.post('/sub-accounts', {
      token: owner.accessToken,
      body: subAccountBody({ manager: { firstName: 'A', lastName: 'B', email: taken } }),
    });
    expectProblem(res, 409);
    const { sub } = await createSub(owner);
    const patch = await http.patch(`/sub-accounts/${sub.id}`, {
      token: owner.accessToken,
      body: { manager: { email: taken } },
    });
    expectProblem(patch, 409);
  });

  it('422 when the initial credits or a credit exceed the parent’s balance; nothing moves and the e-mail stays free', async () => {
    const poor = await signUpAndLogIn(http);
    await fund(poor, 10);
    const body = subAccountBody({ credits: 11 });
    expectProblem(await http.post('/sub-accounts', { token: poor.accessToken, body }), 422);
    expect((await http.get('/sub-accounts', { token: poor.accessToken })).body.items).toEqual([]);
    const { sub } = await createSub(poor, { manager: body.manager });
    const res = await http.post(`/sub-accounts/${sub.id}/credit`, { token: poor.accessToken, body: { credits: 11 } });
    expectProblem(res, 422);
    expect(res.body.code).toBe('insufficient-credits');
    expect(await balanceOf(poor.accessToken)).toEqual({ credits: 10, unlimited: false });
    expect((await http.get(`/sub-accounts/${sub.id}`, { token: poor.accessToken })).body.credits).toBe(0);
  });

  it.each([
    ['zero', 0],
    ['negative', -5],
    ['fractional', 1.5],
    ['a string', '10'],
    ['huge', 1e15],
    ['null', null],
  ])('400 for %s credits, and nothing moves', async (_label, credits) => {
    const { sub } = await createSub(owner);
    const before = (await balanceOf(owner.accessToken)).credits;
    expectProblem(
      await http.post(`/sub-accounts/${sub.id}/credit`, { token: owner.accessToken, body: { credits } }),
      400,
      'credits',
    );
    expect((await balanceOf(owner.accessToken)).credits).toBe(before);
  });

  it('400 for bad bodies and ids; 404 for an unknown sub-account', async () => {
    expectProblem(await http.post('/sub-accounts', { token: owner.accessToken, body: { name: 'x' } }), 400);
    expectProblem(
      await http.post('/sub-accounts', {
        token: owner.accessToken,
        body: subAccountBody({ unlimited: true, credits: 5 }),
      }),
      400,
      'credits',
    );
    expectProblem(
      await http.post('/sub-accounts', { token: owner.accessToken, body: subAccountBody({ credits: -1 }) }),
      400,
      'credits',
    );
    expectProblem(await http.get('/sub-accounts/not-a-uuid', { token: owner.accessToken }), 400);
    expectProblem(await http.get('/sub-accounts?limit=501', { token: owner.accessToken }), 400);
    expectProblem(await http.get('/transactions?from=yesterday', { token: owner.accessToken }), 400);
    const unknown = randomUUID();
    expectProblem(await http.get(`/sub-accounts/${unknown}`, { token: owner.accessToken }), 404);
    expectProblem(
      await http.post(`/sub-accounts/${unknown}/credit`, { token: owner.accessToken, body: { credits: 1 } }),
      404,
    );
    expectProblem(await http.get(`/transactions?subAccountId=${unknown}`, { token: owner.accessToken }), 404);
  });

  it('404 for another tenant’s sub-account, whatever the action', async () => {
    const { sub } = await createSub(owner, { credits: 5 });
    const other = await signUpAndLogIn(http);
    await fund(other, 50);
    const t = other.accessToken;
    expectProblem(await http.get(`/sub-accounts/${sub.id}`, { token: t }), 404);
    expectProblem(await http.patch(`/sub-accounts/${sub.id}`, { token: t, body: { name: 'mine now' } }), 404);
    expectProblem(await http.post(`/sub-accounts/${sub.id}/credit`, { token: t, body: { credits: 1 } }), 404);
    expectProblem(await http.post(`/sub-accounts/${sub.id}/reset`, { token: t }), 404);
    expectProblem(await http.post(`/sub-accounts/${sub.id}/deactivate`, { token: t }), 404);
    expectProblem(await http.get(`/transactions?subAccountId=${sub.id}`, { token: t }), 404);
    expect((await http.get('/sub-accounts', { token: t })).body.items).toEqual([]);
    expect((await http.get(`/sub-accounts/${sub.id}`, { token: owner.accessToken })).body).toMatchObject({
      name: 'Milan office',
      credits: 5,
    });
  });
});

describe('sub-accounts: what a manager may do', () => {
  it('reads its own balance and transactions; owner actions are 403', async () => {
    const owner = await signUpAndLogIn(http);
    await fund(owner, 100);
    const { sub, body } = await createSub(owner, { credits: 20 });
    const { sub: sibling } = await createSub(owner, { credits: 5 });
    const token = await loginManager(body.manager.email);

    const tx = await http.get('/transactions', { token });
    expect(tx.status).toBe(200);
    expect(tx.body.items).toEqual([
      expect.objectContaining({ kind: 'credit', credits: 20, subAccount: { id: sub.id, name: sub.name } }),
    ]);
    expectProblem(await http.get(`/transactions?subAccountId=${sibling.id}`, { token }), 404);

    expectProblem(await http.get('/sub-accounts', { token }), 403);
    expectProblem(await http.post('/sub-accounts', { token, body: subAccountBody() }), 403);
    expectProblem(await http.get(`/sub-accounts/${sub.id}`, { token }), 403);
    expectProblem(await http.post(`/sub-accounts/${sub.id}/credit`, { token, body: { credits: 1 } }), 403);
    expectProblem(await http.post(`/sub-accounts/${sibling.id}/reset`, { token }), 403);
    expectProblem(await http.post(`/sub-accounts/${sub.id}/deactivate`, { token }), 403);
    expect(await balanceOf(owner.accessToken)).toEqual({ credits: 75, unlimited: false });
  });
});

describe('sub-accounts: deactivation', () => {
  it('stops the manager’s login and refuses its old token soon after; activation lets it log in again', async () => {
    const owner = await signUpAndLogIn(http);
    const { sub, body } = await createSub(owner);
    const oldToken = await loginManager(body.manager.email);
    expect((await http.get('/account/balance', { token: oldToken })).status).toBe(200);

    const res = await http.post(`/sub-accounts/${sub.id}/deactivate`, { token: owner.accessToken });
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    const deactivatedAt = Date.now();
    let refusedAfterMs = -1;
    // The revocation travels as an event to the gateway: a generous deadline, a loaded machine is slow.
    while (Date.now() - deactivatedAt < 20_000) {
      if ((await http.get('/account/balance', { token: oldToken })).status === 401) {
        refusedAfterMs = Date.now() - deactivatedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(refusedAfterMs).toBeGreaterThanOrEqual(0);
    const login = await http.post('/auth/login', { body: { email: body.manager.email, password: MANAGER_PASSWORD } });
    expectProblem(login, 401);
    expect((await http.get('/sub-accounts', { token: owner.accessToken })).body.items[0].active).toBe(false);

    expect((await http.post(`/sub-accounts/${sub.id}/activate`, { token: owner.accessToken })).body.active).toBe(true);
    const newToken = await loginManager(body.manager.email);
    expect((await http.get('/account/balance', { token: newToken })).status).toBe(200);
    // Tokens issued before the deactivation stay refused.
    expectProblem(await http.get('/account/balance', { token: oldToken }), 401);
  });
});

describe('sub-accounts: Idempotency-Key and races', () => {
  let owner: Owner;
  beforeAll(async () => {
    owner = await signUpAndLogIn(http);
    await fund(owner, 100);
  });

  it('a replayed credit returns the first response and moves nothing; another body is 409', async () => {
    const { sub } = await createSub(owner);
    const headers = { 'idempotency-key': `credit-${randomUUID()}` };
    const first = await http.post(`/sub-accounts/${sub.id}/credit`, {
      token: owner.accessToken,
      headers,
      body: { credits: 10 },
    });
    const again = await http.post(`/sub-accounts/${sub.id}/credit`, {
      token: owner.accessToken,
      headers,
      body: { credits: 10 },
    });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await http.get(`/sub-accounts/${sub.id}`, { token: owner.accessToken })).body.credits).toBe(10);
    expect((await balanceOf(owner.accessToken)).credits).toBe(first.body.parentCredits);
    expectProblem(
      await http.post(`/sub-accounts/${sub.id}/credit`, { token: owner.accessToken, headers, body: { credits: 11 } }),
      409,
    );
  });

  it('a replayed creation returns the same sub-account and creates no second one', async () => {
    const headers = { 'idempotency-key': `create-${randomUUID()}` };
    const body = subAccountBody({ credits: 5 });
    const first = await http.post('/sub-accounts', { token: owner.accessToken, headers, body });
    const again = await http.post('/sub-accounts', { token: owner.accessToken, headers, body });
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const all = (await http.get('/sub-accounts?limit=500', { token: owner.accessToken })).body.items;
    expect(all.filter((s: { manager: { email: string } }) => s.manager.email === body.manager.email)).toHaveLength(1);
    expectProblem(
      await http.post('/sub-accounts', { token: owner.accessToken, headers, body: { ...body, name: 'Other' } }),
      409,
    );
  });

  it('two racing credits that together exceed the parent’s balance: one 200, one 422', async () => {
    const racer = await signUpAndLogIn(http);
    await fund(racer, 100);
    const { sub: a } = await createSub(racer);
    const { sub: b } = await createSub(racer);
    const [ra, rb] = await Promise.all([
      http.post(`/sub-accounts/${a.id}/credit`, { token: racer.accessToken, body: { credits: 60 } }),
      http.post(`/sub-accounts/${b.id}/credit`, { token: racer.accessToken, body: { credits: 60 } }),
    ]);
    expect([ra.status, rb.status].sort()).toEqual([200, 422]);
    expect(await balanceOf(racer.accessToken)).toEqual({ credits: 40, unlimited: false });
  });
});
