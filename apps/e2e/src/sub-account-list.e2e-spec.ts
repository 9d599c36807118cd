import { buyCredits, signUpAndLogIn, SignedUpUser, uniqueEmail } from '@sms/testing';
import { e2eHttp } from './support/e2e-state';
import { createSubAccountWithManager } from './support/sub-accounts';

const http = e2eHttp();

interface ListedSub {
  id: string;
  manager: { firstName: string; lastName: string; email: string };
  smsSent: number;
  creditsUsedThisMonth: number;
  creditsUsedLastMonth: number;
}

async function listed(owner: SignedUpUser, id: string): Promise<ListedSub> {
  const res = await http.get('/sub-accounts', { token: owner.accessToken });
  expect(res.status).toBe(200);
  const sub = (res.body.items as ListedSub[]).find((s) => s.id === id);
  if (!sub) throw new Error(`sub-account ${id} not in the owner's list`);
  lastSeen = JSON.stringify(sub);
  return sub;
}

/** Polls until `check` holds (generous deadline: the machine is shared); returns the elapsed ms. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what} (last seen: ${lastSeen})`);
}
let lastSeen = '';

describe("the owner's sub-account list", () => {
  it("shows the manager's own contact change (PUT /account/contact), through identity's event", async () => {
    const owner = await signUpAndLogIn(http);
    const { sub, managerToken } = await createSubAccountWithManager(owner);
    const contact = { firstName: 'Giulia', lastName: 'Verdi', email: uniqueEmail('giulia'), phone: '+393331234567' };
    const put = await http.put('/account/contact', { token: managerToken, body: contact });
    expect(put.status).toBe(200);

    const expected = { firstName: 'Giulia', lastName: 'Verdi', email: contact.email };
    const ms = await until('the new manager contact in the list', async () => {
      const m = (await listed(owner, sub.id)).manager;
      return m.email === expected.email;
    });
    expect((await listed(owner, sub.id)).manager).toEqual(expected);
    expect((await http.get(`/sub-accounts/${sub.id}`, { token: owner.accessToken })).body.manager).toEqual(expected);
    console.log(`manager contact visible in the owner's list after ${ms} ms`);

    // A later change by the owner (PATCH) is not undone by the manager's earlier event.
    const patched = await http.patch(`/sub-accounts/${sub.id}`, {
      token: owner.accessToken,
      body: { manager: { lastName: 'Neri' } },
    });
    expect(patched.status).toBe(200);
    await until('the PATCH to stay', async () => (await listed(owner, sub.id)).manager.lastName === 'Neri');
    expect((await http.get('/account/contact', { token: managerToken })).body.lastName).toBe('Neri');
  });

  it('smsSent counts messages the carrier accepted, not queued or scheduled ones; credits used this month', async () => {
    const owner = await signUpAndLogIn(http);
    await buyCredits(http, owner, 20);
    const { sub, managerToken } = await createSubAccountWithManager(owner, { unlimited: true });
    const now = await http.post('/sms', {
      token: managerToken,
      body: { to: ['+393481234567', '+393481234568'], text: 'now' },
    });
    expect(now.status).toBe(202);
    const later = await http.post('/sms', {
      token: managerToken,
      body: {
        to: ['+393481234569', '+393481234570', '+393481234571'],
        text: 'tomorrow',
        scheduledAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    expect(later.status).toBe(202);
    // A recipient ending in 0000 is refused by the simulated carrier: never sent, credit refunded.
    const refused = await http.post('/sms', { token: managerToken, body: { to: ['+393481230000'], text: 'no' } });
    expect(refused.status).toBe(202);

    // Positive signal: the history shows the immediate ones past the carrier and the refused one failed.
    await until('the immediate messages to leave the queue', async () => {
      const h = await http.get('/history', { token: managerToken });
      const items = h.body.items as { recipient: string; status: string }[];
      const done = items.filter((m) => m.status !== 'queued');
      return done.length === 3;
    });
    await until('smsSent to reach 2', async () => (await listed(owner, sub.id)).smsSent === 2);
    await until('the refund', async () => (await listed(owner, sub.id)).creditsUsedThisMonth === 5);
    const s = await listed(owner, sub.id);
    expect(s).toMatchObject({ smsSent: 2, creditsUsedThisMonth: 5, creditsUsedLastMonth: 0 });
  });
});
