import { eventually, HttpResponse, SignedUpUser } from '@sms/testing';
import { e2eHttp } from './support/e2e-state';
import { buyCredits, createSubAccount, signUpAndLogIn } from './support/fixtures';
import { expectProblem } from './support/problem';
import { addSender, adminToken, approveSender, systemSmsTo, uniqueName, uniqueNumber } from './support/senders';

const http = e2eHttp();

const balanceOf = async (token: string): Promise<number> =>
  (await http.get('/account/balance', { token })).body.credits as number;

const send = (token: string, sender: string, to = '+393471234567'): Promise<HttpResponse> =>
  http.post('/sms', { token, body: { to: [to], text: 'Sender check', sender } });

function expectNotApproved(res: HttpResponse): void {
  expectProblem(res, 422);
  expect(res.body.code).toBe('sender-not-approved');
}

/** The 6-digit code of the newest system SMS sent to `number`. */
async function codeSentTo(number: string, count = 1): Promise<string> {
  let texts: string[] = [];
  await eventually(`${count} code SMS to ${number}`, async () => {
    texts = await systemSmsTo(number);
    return texts.length >= count;
  });
  return /\b(\d{6})\b/.exec(texts[0])![1];
}

describe('Senders: sending as someone else is refused', () => {
  let owner: SignedUpUser;

  beforeAll(async () => {
    owner = await signUpAndLogIn(http);
    await buyCredits(http, owner, 100);
  });

  it("refuses a bank's name with 422 sender-not-approved: nothing charged, nothing stored, not even once listed", async () => {
    const bank = uniqueName('MYBANK');
    const before = await balanceOf(owner.accessToken);
    expectNotApproved(await send(owner.accessToken, bank));
    expectNotApproved(await http.put('/account/sender', { token: owner.accessToken, body: { defaultSender: bank } }));

    // Listing it is a request, not a permission: pending until an operator approves it.
    const listed = await addSender(http, owner.accessToken, bank);
    expect(listed.status).toBe('pending');
    expectNotApproved(await send(owner.accessToken, bank));
    expect(await balanceOf(owner.accessToken)).toBe(before);
    const campaigns = await http.get('/campaigns', { token: owner.accessToken });
    expect(campaigns.body.items).toEqual([]);
    expect((await http.get('/account/sender', { token: owner.accessToken })).body.defaultSender).toBeNull();
  });

  it("refuses someone else's number until the code sent to it comes back, then sends with it", async () => {
    const number = uniqueNumber();
    const added = await addSender(http, owner.accessToken, number);
    expect(added).toMatchObject({ sender: number, kind: 'numeric', status: 'unverified', decidedAt: null });
    const before = await balanceOf(owner.accessToken);
    expectNotApproved(await send(owner.accessToken, number));
    expect(await balanceOf(owner.accessToken)).toBe(before);

    // The code goes to the number itself (a free system SMS), so only its holder can answer.
    const code = await codeSentTo(number);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const refused = await http.post(`/account/senders/${added.id}/verify`, {
      token: owner.accessToken,
      body: { code: wrong },
    });
    expectProblem(refused, 422);
    expect(refused.body.code).toBe('invalid-verification-code');

    const verified = await http.post(`/account/senders/${added.id}/verify`, {
      token: owner.accessToken,
      body: { code },
    });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ id: added.id, status: 'verified', decidedAt: expect.any(String) });
    const sent = await send(owner.accessToken, number);
    expect(sent.status).toBe(202);
    expect(await balanceOf(owner.accessToken)).toBe(before - 1);
    const asDefault = await http.put('/account/sender', { token: owner.accessToken, body: { defaultSender: number } });
    expect(asDefault.status).toBe(200);
    expect(asDefault.body).toMatchObject({ defaultSender: number, effectiveSender: number });
    // The default cannot be removed from the list while it is the default.
    const removal = await http.request('DELETE', `/account/senders/${added.id}`, { token: owner.accessToken });
    expectProblem(removal, 409);
    expect(removal.body.code).toBe('sender-is-default');
    expect(
      (await http.put('/account/sender', { token: owner.accessToken, body: { defaultSender: null } })).status,
    ).toBe(200);
    expect((await http.request('DELETE', `/account/senders/${added.id}`, { token: owner.accessToken })).status).toBe(
      204,
    );
    expectNotApproved(await send(owner.accessToken, number));
  });

  it('sends at most SENDER_CODES_PER_NUMBER_PER_DAY codes to one number (429 after), whoever asks', async () => {
    const number = uniqueNumber();
    const added = await addSender(http, owner.accessToken, number);
    const other = await signUpAndLogIn(http);
    await addSender(http, other.accessToken, number);
    const resent = await http.post(`/account/senders/${added.id}/resend`, { token: owner.accessToken });
    expect(resent.status).toBe(202);
    expect(resent.body).toEqual({ id: added.id, expiresAt: expect.any(String) });
    const limited = await http.post(`/account/senders/${added.id}/resend`, { token: owner.accessToken });
    expectProblem(limited, 429);
    expect(limited.body.code).toBe('verification-rate-limited');
    await codeSentTo(number, 3);
    // The fourth was never sent.
    expect(await systemSmsTo(number)).toHaveLength(3);
  });

  it('sends with a name once an operator approves it, and refuses it again once rejected', async () => {
    const name = uniqueName('Fiori');
    const added = await addSender(http, owner.accessToken, name);
    const queue = await http.get('/admin/senders?status=pending&limit=500', { token: adminToken() });
    expect(queue.status).toBe(200);
    expect(queue.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: added.id, sender: name, status: 'pending', accountId: owner.accountId }),
      ]),
    );

    const approved = await http.post(`/admin/senders/${added.id}/approve`, {
      token: adminToken(),
      body: { note: 'Company registration checked' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: added.id, status: 'approved' });
    expect((await http.get('/account/senders', { token: owner.accessToken })).body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: added.id, status: 'approved' })]),
    );
    const before = await balanceOf(owner.accessToken);
    expect((await send(owner.accessToken, name)).status).toBe(202);
    expect(await balanceOf(owner.accessToken)).toBe(before - 1);

    const rejected = await http.post(`/admin/senders/${added.id}/reject`, { token: adminToken(), body: {} });
    expect(rejected.body).toMatchObject({ status: 'rejected' });
    expectNotApproved(await send(owner.accessToken, name));
    expect(await balanceOf(owner.accessToken)).toBe(before - 1);
  });

  it("lets a manager use its parent's approved senders but never a pending one; the owner sees the manager's list", async () => {
    const sub = await createSubAccount(http, owner, 10);
    const approvedName = uniqueName('Parent');
    const pendingName = uniqueName('Pend');
    await approveSender(http, (await addSender(http, owner.accessToken, approvedName)).id);
    await addSender(http, owner.accessToken, pendingName);

    expectNotApproved(await send(sub.managerToken, pendingName));
    expectNotApproved(
      await http.put('/account/sender', { token: sub.managerToken, body: { defaultSender: pendingName } }),
    );
    expect(await balanceOf(sub.managerToken)).toBe(10);
    expect((await send(sub.managerToken, approvedName)).status).toBe(202);
    expect(await balanceOf(sub.managerToken)).toBe(9);

    // Its own list: its own entries only; the owner reads it with subAccountId.
    const own = await addSender(http, sub.managerToken, uniqueName('Branch'));
    const mine = await http.get('/account/senders', { token: sub.managerToken });
    expect(mine.body.items.map((s: { id: string }) => s.id)).toEqual([own.id]);
    const seen = await http.get(`/account/senders?subAccountId=${sub.id}`, { token: owner.accessToken });
    expect(seen.body.items.map((s: { id: string }) => s.id)).toEqual([own.id]);
    // A manager cannot read its parent's list, nor another owner a sub-account not its own.
    expectProblem(await http.get(`/account/senders?subAccountId=${owner.accountId}`, { token: sub.managerToken }), 404);
    const stranger = await signUpAndLogIn(http);
    expectProblem(await http.get(`/account/senders?subAccountId=${sub.id}`, { token: stranger.accessToken }), 404);
    // Nor touch the parent's entries.
    const parentEntry = (await http.get('/account/senders', { token: owner.accessToken })).body.items[0];
    expectProblem(await http.request('DELETE', `/account/senders/${parentEntry.id}`, { token: sub.managerToken }), 404);
  });
});

describe('Senders: the operator API takes ADMIN_TOKEN only', () => {
  it("refuses a missing, wrong or customer's token with 401 and changes nothing", async () => {
    const owner = await signUpAndLogIn(http);
    const name = uniqueName('Spoof');
    const added = await addSender(http, owner.accessToken, name);
    const tokens: (string | undefined)[] = [
      undefined,
      `${adminToken()}x`,
      adminToken().slice(0, -1),
      owner.accessToken,
    ];
    for (const token of tokens) {
      const list = await http.get('/admin/senders', { token });
      expectProblem(list, 401);
      expect(list.body.code).toBe('admin-token-invalid');
      expectProblem(await http.post(`/admin/senders/${added.id}/approve`, { token, body: {} }), 401);
    }
    const entry = (await http.get('/account/senders', { token: owner.accessToken })).body.items[0];
    expect(entry).toMatchObject({ id: added.id, status: 'pending' });
    expectNotApproved(await send(owner.accessToken, name));
  });

  it('answers 404 for an unknown sender and 409 for a number (its holder verifies it)', async () => {
    const owner = await signUpAndLogIn(http);
    const number = await addSender(http, owner.accessToken, uniqueNumber());
    const unknown = await http.post('/admin/senders/00000000-0000-4000-8000-000000000000/approve', {
      token: adminToken(),
      body: {},
    });
    expectProblem(unknown, 404);
    const numeric = await http.post(`/admin/senders/${number.id}/approve`, { token: adminToken(), body: {} });
    expectProblem(numeric, 409);
    expect(numeric.body.code).toBe('sender-not-alphanumeric');
  });
});
