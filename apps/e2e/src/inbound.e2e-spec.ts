import { buyCredits, signUpAndLogIn } from '@sms/testing';
import { randomUUID } from 'node:crypto';
import { createSubAccount } from './support/fixtures';
import { e2eHttp } from './support/e2e-state';
import { expectProblem } from './support/problem';

const http = e2eHttp();

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const balance = async (token: string): Promise<number> => (await http.get('/account/balance', { token })).body.credits;
const unique = () => `+39348${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;

describe('GET /inbox and /account/opt-outs through the gateway', () => {
  it('an opted-out number is not charged and ends blocked in history and the campaign; removed, it is sent again', async () => {
    const owner = await signUpAndLogIn(http);
    await buyCredits(http, owner, 10);
    const token = owner.accessToken;
    const [blocked, open] = [unique(), unique()];

    const added = await http.post('/account/opt-outs', { token, body: { phone: blocked } });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ id: expect.any(String), phone: blocked, source: 'manual', createdAt: expect.any(String) });
    const again = await http.post('/account/opt-outs', { token, body: { phone: blocked } });
    expect(again.body.id).toBe(added.body.id);
    const list = await http.get('/account/opt-outs', { token });
    expect(list.body).toEqual({ items: [added.body], nextCursor: null });

    const before = await balance(token);
    const sent = await http.post('/sms', { token, body: { to: [blocked, open], text: 'Opt-out check' } });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ recipients: 2, segments: 1, creditsCharged: 1 });
    const history = await waitFor('final in history', async () => {
      const items = (await http.get('/history', { token })).body.items as { recipient: string; status: string }[];
      const s = Object.fromEntries(items.map((m) => [m.recipient, m.status]));
      return s[blocked] === 'blocked' && s[open] === 'delivered' && s;
    });
    expect(history).toEqual({ [blocked]: 'blocked', [open]: 'delivered' });
    const campaign = await http.get(`/campaigns/${sent.body.campaignId}`, { token });
    expect(campaign.body).toMatchObject({ creditsCharged: 1, counts: { blocked: 1, delivered: 1 } });
    expect(await balance(token)).toBe(before - 1);

    const onlyBlocked = await http.post('/sms', { token, body: { to: [blocked], text: 'Opt-out check 2' } });
    expect(onlyBlocked.body).toMatchObject({ recipients: 1, creditsCharged: 0 });
    expect(await balance(token)).toBe(before - 1);

    const removed = await http.request('DELETE', `/account/opt-outs?phone=${encodeURIComponent(blocked)}`, { token });
    expect(removed.status).toBe(204);
    // An unencoded + arrives as a space: still understood, and removing an absent number changes nothing.
    const repeat = await http.request('DELETE', `/account/opt-outs?phone=${blocked}`, { token });
    expect(repeat.status).toBe(204);
    expect((await http.get('/account/opt-outs', { token })).body.items).toEqual([]);
    const resent = await http.post('/sms', { token, body: { to: [blocked], text: 'Back on the list' } });
    expect(resent.body.creditsCharged).toBe(1);
    expect(await balance(token)).toBe(before - 2);
  });

  it('scopes: each account its own list and inbox; an owner names its sub-account, a manager only itself', async () => {
    const owner = await signUpAndLogIn(http);
    await buyCredits(http, owner, 10);
    const sub = await createSubAccount(http, owner, 2);
    const sibling = await createSubAccount(http, owner, 0);
    const phone = unique();

    const bySub = await http.post('/account/opt-outs', { token: sub.managerToken, body: { phone } });
    expect(bySub.status).toBe(201);
    expect((await http.get('/account/opt-outs', { token: owner.accessToken })).body.items).toEqual([]);
    const ownersView = await http.get(`/account/opt-outs?subAccountId=${sub.id}`, { token: owner.accessToken });
    expect(ownersView.body.items.map((o: { phone: string }) => o.phone)).toEqual([phone]);
    expectProblem(await http.get(`/account/opt-outs?subAccountId=${sub.id}`, { token: sibling.managerToken }), 404);
    expectProblem(await http.get(`/inbox?subAccountId=${sub.id}`, { token: sibling.managerToken }), 404);
    expectProblem(await http.get(`/inbox?subAccountId=${randomUUID()}`, { token: owner.accessToken }), 404);

    const inbox = await http.get(`/inbox?subAccountId=${sub.id}&from=2026-01-01&to=2026-12-31`, {
      token: owner.accessToken,
    });
    expect(inbox.status).toBe(200);
    expect(inbox.body).toEqual({ items: [], nextCursor: null });

    // The owner removes it from the sub-account's list.
    const removed = await http.request(
      'DELETE',
      `/account/opt-outs?phone=${encodeURIComponent(phone)}&subAccountId=${sub.id}`,
      { token: owner.accessToken },
    );
    expect(removed.status).toBe(204);
    expect((await http.get('/account/opt-outs', { token: sub.managerToken })).body.items).toEqual([]);
  });

  it('bad input: problem+json 400s that change nothing', async () => {
    const owner = await signUpAndLogIn(http);
    const token = owner.accessToken;
    expectProblem(await http.post('/account/opt-outs', { token, body: { phone: '3331234567' } }), 400, 'phone');
    expectProblem(await http.post('/account/opt-outs', { token, body: {} }), 400, 'phone');
    expectProblem(
      await http.post('/account/opt-outs', { token, body: { phone: '+393331234567', extra: true } }),
      400,
    );
    expectProblem(await http.post('/account/opt-outs?subAccountId=nope', { token, body: { phone: '+393331234567' } }), 400);
    expectProblem(await http.request('DELETE', '/account/opt-outs', { token }), 400, 'phone');
    expectProblem(await http.request('DELETE', '/account/opt-outs?phone=abc', { token }), 400, 'phone');
    expectProblem(await http.get('/account/opt-outs?limit=0', { token }), 400);
    expectProblem(await http.get('/account/opt-outs?cursor=bm90LWEtY3Vyc29y', { token }), 400);
    expectProblem(await http.get('/inbox?from=2026-02-30', { token }), 400, 'from');
    expectProblem(await http.get('/inbox?from=2026-05-02&to=2026-05-01', { token }), 400, 'to');
    expectProblem(await http.get('/inbox?timeZone=Mars/Base', { token }), 400, 'timeZone');
    expectProblem(await http.get('/inbox?limit=501', { token }), 400);
    expectProblem(await http.get('/inbox'), 401);
    expect((await http.get('/account/opt-outs', { token })).body.items).toEqual([]);
  });
});
