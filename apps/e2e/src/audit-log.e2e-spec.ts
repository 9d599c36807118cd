import { COMPLETE_BILLING, signUpAndLogIn, SignedUpUser } from '@sms/testing';
import { randomUUID } from 'node:crypto';
import { e2eHttp } from './support/e2e-state';
import { createSubAccount, MANAGER_PASSWORD, SubAccountFixture } from './support/fixtures';
import { expectProblem } from './support/problem';

const http = e2eHttp();
type Entry = {
  id: string;
  at: string;
  actor: { userId: string; role: string; accountId: string };
  action: string;
  target: { type: string; id: string };
  subAccountId: string | null;
  changes?: Record<string, { from: unknown; to: unknown }>;
  requestId: string;
  ip: string;
};

async function auditLog(token: string, query = ''): Promise<Entry[]> {
  const res = await http.get(`/audit-log?limit=500${query}`, { token });
  expect(res.status).toBe(200);
  return res.body.items;
}

function ok(res: { status: number; text: string }, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text}`);
}

describe('audit log', () => {
  let owner: SignedUpUser;
  let stranger: SignedUpUser;
  let sub: SubAccountFixture;
  let managerUserId: string;
  let creditRequestId: string;
  const NEW_PASSWORD = 'a brand new secret 456';
  /** What each action must have produced, by the owner unless said. */
  const expected: Record<string, number> = {
    'account.billing.update': 2,
    'purchase.create': 1,
    'invoice.pay': 1,
    'account.contact.update': 1,
    'account.sender.update': 2, // the owner's and the manager's
    'account.balance-alert.update': 1,
    'account.password.change': 1,
    'sub-account.create': 1,
    'sub-account.update': 1,
    'sub-account.credit': 1, // sent twice with one Idempotency-Key
    'sub-account.reset': 1,
    'sub-account.deactivate': 1,
    'sub-account.activate': 1,
  };
  const total = Object.values(expected).reduce((a, b) => a + b, 0);

  beforeAll(async () => {
    owner = await signUpAndLogIn(http);
    stranger = await signUpAndLogIn(http);
    const token = owner.accessToken;
    ok(await http.put('/account/billing', { token, body: COMPLETE_BILLING }), 200, 'billing');
    ok(await http.put('/account/billing', { token, body: { ...COMPLETE_BILLING, city: 'Milano' } }), 200, 'billing 2');
    const invoice = await http.post('/purchases', { token, body: { smsCount: 50 } });
    ok(invoice, 201, 'purchase');
    ok(await http.post(`/invoices/${invoice.body.id}/pay`, { token }), 200, 'pay');
    const contact = (await http.get('/account/contact', { token })).body;
    const { firstName, lastName, email, language } = contact;
    ok(
      await http.put('/account/contact', {
        token,
        body: { firstName, lastName, email, language, phone: '+393331112222' },
      }),
      200,
      'contact',
    );
    ok(await http.put('/account/sender', { token, body: { defaultSender: 'ACME' } }), 200, 'sender');
    ok(
      await http.put('/account/balance-alert', {
        token,
        body: {
          threshold: 10,
          sms: { phone: '+393331234567', active: false },
          email: { address: 'a@example.com', active: true },
        },
      }),
      200,
      'balance alert',
    );
    ok(
      await http.put('/account/password', {
        token,
        body: { currentPassword: owner.password, newPassword: NEW_PASSWORD },
      }),
      204,
      'password',
    );
    // Balance for the credit: the payment lands asynchronously.
    for (const deadline = Date.now() + 15_000; ; ) {
      if ((await http.get('/account/balance', { token })).body.credits === 50) break;
      if (Date.now() > deadline) throw new Error('credits never arrived');
      await new Promise((r) => setTimeout(r, 200));
    }
    sub = await createSubAccount(http, owner);
    managerUserId = (await http.get('/me', { token: sub.managerToken })).body.userId;
    ok(await http.patch(`/sub-accounts/${sub.id}`, { token, body: { name: 'Renamed shop' } }), 200, 'rename');
    const key = { 'idempotency-key': randomUUID() };
    const credit = await http.post(`/sub-accounts/${sub.id}/credit`, { token, headers: key, body: { credits: 5 } });
    ok(credit, 200, 'credit');
    creditRequestId = credit.headers.get('x-request-id')!;
    ok(await http.post(`/sub-accounts/${sub.id}/credit`, { token, headers: key, body: { credits: 5 } }), 200, 'retry');
    ok(await http.put('/account/sender', { token: sub.managerToken, body: { defaultSender: 'SHOP' } }), 200, 'manager');
    ok(await http.post(`/sub-accounts/${sub.id}/reset`, { token }), 200, 'reset');
    ok(await http.post(`/sub-accounts/${sub.id}/deactivate`, { token }), 200, 'deactivate');
    ok(await http.post(`/sub-accounts/${sub.id}/activate`, { token }), 200, 'activate');
    const login = await http.post('/auth/login', { body: { email: sub.managerEmail, password: MANAGER_PASSWORD } });
    ok(login, 200, 'manager login');
    sub.managerToken = login.body.accessToken;
    // Entries are on JetStream before each answer; reporting appends them shortly after.
    for (const deadline = Date.now() + 20_000; ; ) {
      if ((await auditLog(token)).length >= total) break;
      if (Date.now() > deadline) throw new Error('audit entries never all appeared');
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 90_000);

  it('records each action once, with its actor, target and changes', async () => {
    const all = await auditLog(owner.accessToken);
    expect(all).toHaveLength(total);
    const counts: Record<string, number> = {};
    for (const e of all) counts[e.action] = (counts[e.action] ?? 0) + 1;
    expect(counts).toEqual(expected);
    const byOwner = all.filter((e) => e.actor.role === 'owner');
    expect(byOwner.length).toBeGreaterThan(0);
    expect(byOwner.every((e) => e.actor.userId === owner.userId && e.actor.accountId === owner.accountId)).toBe(true);

    const [billingEdit] = all.filter((e) => e.action === 'account.billing.update');
    expect(billingEdit.changes).toEqual({ city: { from: 'Roma', to: 'Milano' } });
    const credit = all.find((e) => e.action === 'sub-account.credit')!;
    expect(credit).toMatchObject({
      target: { type: 'sub-account', id: sub.id },
      subAccountId: sub.id,
      changes: { credits: { from: null, to: 5 } },
      requestId: creditRequestId,
      ip: expect.stringMatching(/127\.0\.0\.1|::1/),
    });
    const byManager = all.filter((e) => e.actor.role === 'manager');
    expect(byManager).toEqual([
      expect.objectContaining({
        action: 'account.sender.update',
        actor: { userId: managerUserId, role: 'manager', accountId: sub.id },
        subAccountId: sub.id,
        changes: expect.objectContaining({ defaultSender: { from: null, to: 'SHOP' } }),
      }),
    ]);
    expect(all.find((e) => e.action === 'sub-account.update')!.changes).toMatchObject({
      name: { to: 'Renamed shop' },
    });
    const invoice = all.find((e) => e.action === 'invoice.pay')!;
    expect(invoice.target.type).toBe('invoice');
    expect(all.find((e) => e.action === 'purchase.create')!.target.id).toBe(invoice.target.id);
  });

  it('never stores a password, token or secret', async () => {
    const text = JSON.stringify(await auditLog(owner.accessToken));
    expect(text.length).toBeGreaterThan(100);
    for (const secret of [owner.password, NEW_PASSWORD, MANAGER_PASSWORD, owner.accessToken, owner.refreshToken]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/password"\s*:/i);
  });

  it('scopes: a manager sees what concerned its sub-account, strangers nothing', async () => {
    const mine = await auditLog(sub.managerToken);
    expect(mine.length).toBe(7);
    expect(mine.every((e) => e.subAccountId === sub.id)).toBe(true);
    expect((await auditLog(owner.accessToken, `&subAccountId=${sub.id}`)).map((e) => e.id)).toEqual(
      mine.map((e) => e.id),
    );
    expect((await auditLog(owner.accessToken, `&actor=${managerUserId}`)).map((e) => e.action)).toEqual([
      'account.sender.update',
    ]);
    expect((await auditLog(owner.accessToken, '&action=sub-account.reset')).length).toBe(1);
    expect(await auditLog(stranger.accessToken)).toEqual([]);
    expectProblem(await http.get(`/audit-log?subAccountId=${sub.id}`, { token: stranger.accessToken }), 404);
    expectProblem(await http.get('/audit-log?action=nope', { token: owner.accessToken }), 400, 'action');
    expectProblem(await http.get('/audit-log?from=2026-02-30', { token: owner.accessToken }), 400);
  });

  it('verifies the chain (owner only)', async () => {
    const res = await http.get('/audit-log/verify', { token: owner.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ intact: true, entries: total });
    expectProblem(await http.get('/audit-log/verify', { token: sub.managerToken }), 403);
  });
});
