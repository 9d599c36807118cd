import { buyCredits, signUpAndLogIn, eventually } from '@sms/testing';
import * as ExcelJS from 'exceljs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createSubAccount } from './support/fixtures';
import { e2eHttp, e2eState } from './support/e2e-state';
import { expectProblem } from './support/problem';

const http = e2eHttp();
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

async function sendSms(token: string, body: object): Promise<{ campaignId: string; creditsCharged: number }> {
  const res = await http.post('/sms', { token, body });
  if (res.status !== 202) throw new Error(`send: ${res.status} ${res.text}`);
  return res.body;
}

/** The Status column of a receipts workbook (read back from a file: load(buffer) stalls under jest). */
async function receiptStatuses(token: string, path: string): Promise<string[]> {
  const res = await fetch(`${http.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const dir = await mkdtemp(join(tmpdir(), 'campaigns-e2e-'));
  try {
    await writeFile(join(dir, 'r.xlsx'), Buffer.from(await res.arrayBuffer()));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'r.xlsx'));
    const ws = wb.worksheets[0];
    const column = (ws.getRow(1).values as unknown[]).findIndex((v) => /^(status|stato)$/i.test(String(v)));
    expect(column).toBeGreaterThan(0);
    const out: string[] = [];
    for (let r = 2; r <= ws.rowCount; r++) out.push(String(ws.getRow(r).getCell(column).value));
    return out;
  } finally {
    await rm(dir, { recursive: true });
  }
}

describe('campaigns and deactivated sub-accounts', () => {
  it('deactivating a sub-account cancels its scheduled campaign: cancelled in history and receipts, credits back', async () => {
    const owner = await signUpAndLogIn(http);
    await buyCredits(http, owner, 100);
    const sub = await createSubAccount(http, owner, 20);
    const sent = await sendSms(sub.managerToken, {
      to: ['+393471110001', '+393471110002', '+393471110003'],
      text: 'Saldi domani',
      scheduledAt: inAnHour(),
    });
    expect(sent.creditsCharged).toBe(3);
    const subAccount = async () => (await http.get(`/sub-accounts/${sub.id}`, { token: owner.accessToken })).body;
    expect((await subAccount()).credits).toBe(17);

    const off = await http.post(`/sub-accounts/${sub.id}/deactivate`, { token: owner.accessToken });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);

    const history = await eventually('cancelled in history', async () => {
      const items = (await http.get(`/sub-accounts/${sub.id}/history`, { token: owner.accessToken })).body.items as {
        status: string;
        campaignId: string;
      }[];
      return items.length === 3 && items.every((m) => m.status === 'cancelled') && items;
    });
    expect(history.every((m) => m.campaignId === sent.campaignId)).toBe(true);
    await eventually('credits back to the sub-account', async () => (await subAccount()).credits === 20);
    // Never handed to the carrier: not counted as sent.
    const listed = (await http.get('/sub-accounts', { token: owner.accessToken })).body.items as {
      id: string;
      smsSent: number;
    }[];
    expect(listed.find((s) => s.id === sub.id)?.smsSent).toBe(0);
    expect((await http.get('/account/balance', { token: owner.accessToken })).body.credits).toBe(80);

    const campaigns = await http.get(`/campaigns?subAccountId=${sub.id}`, { token: owner.accessToken });
    expect(campaigns.status).toBe(200);
    expect(campaigns.body.items).toEqual([
      expect.objectContaining({ id: sent.campaignId, recipients: 3, creditsCharged: 3, counts: { cancelled: 3 } }),
    ]);
    const statuses = await receiptStatuses(owner.accessToken, `/sub-accounts/${sub.id}/delivery-receipts.xlsx`);
    expect(statuses).toHaveLength(3);
    expect(statuses.every((s) => /^(cancelled|annullat[oa])$/i.test(s))).toBe(true);
  });

  it('deactivation racing the dispatcher: each message is sent or cancelled and refunded, and the ledger adds up', async () => {
    const owner = await signUpAndLogIn(http);
    await buyCredits(http, owner, 1500);
    const sub = await createSubAccount(http, owner, 1200);
    // Last four digits 1000-1999: none of the simulator's magic endings (0000-0002).
    const to = (n: number, base: number) => Array.from({ length: n }, (_, i) => `+39347${base + i}`);
    const now = await sendSms(sub.managerToken, { to: to(1000, 2_001_000), text: 'Now' });
    const later = await sendSms(sub.managerToken, { to: to(200, 3_001_000), text: 'Later', scheduledAt: inAnHour() });
    // While the dispatcher works through the first campaign.
    expect((await http.post(`/sub-accounts/${sub.id}/deactivate`, { token: owner.accessToken })).status).toBe(200);

    type Counts = Record<string, number>;
    const countsOf = async (id: string) =>
      (await http.get(`/campaigns/${id}`, { token: owner.accessToken })).body.counts as Counts;
    // Every message ends delivered (handed to the carrier) or cancelled: nothing left queued or sent.
    const settledCounts = async (id: string, total: number) =>
      eventually(`campaign ${id} final`, async () => {
        const c = await countsOf(id);
        return (c.delivered ?? 0) + (c.cancelled ?? 0) === total && c;
      });
    const a = await settledCounts(now.campaignId, 1000);
    const b = await settledCounts(later.campaignId, 200);
    expect(b).toEqual({ cancelled: 200 });
    const cancelled = (a.cancelled ?? 0) + 200;
    const delivered = a.delivered ?? 0;

    // Credits: the sub-account gets back exactly the cancelled messages; the owner is untouched.
    const subAccount = async () =>
      ((await http.get('/sub-accounts', { token: owner.accessToken })).body.items as { id: string }[]).find(
        (s) => s.id === sub.id,
      ) as unknown as { credits: number; smsSent: number };
    await eventually('refunds applied', async () => (await subAccount()).credits === cancelled);
    // smsSent follows messaging's sent events (wallet consumer): eventually the messages delivered.
    await eventually('smsSent counted', async () => (await subAccount()).smsSent === delivered);
    expect((await subAccount()).smsSent).toBe(delivered);
    expect((await http.get('/account/balance', { token: owner.accessToken })).body.credits).toBe(300);

    // The ledger itself: the sub-account's balance is the sum of its entries, and each
    // reservation was refunded exactly its cancelled messages.
    const db = new Client({ connectionString: e2eState().databaseUrl });
    await db.connect();
    try {
      const [w] = (
        await db.query(
          `SELECT w.balance::int AS balance, (SELECT sum(amount)::int FROM wallet.entries e WHERE e.account_id = w.account_id) AS entries
             FROM wallet.wallets w WHERE w.account_id = $1`,
          [sub.id],
        )
      ).rows;
      expect(w).toEqual({ balance: cancelled, entries: cancelled });
      const reservations = (
        await db.query(
          `SELECT id, refunded_credits::int AS refunded FROM wallet.reservations WHERE id = ANY($1::uuid[]) ORDER BY credits DESC`,
          [[now.campaignId, later.campaignId]],
        )
      ).rows;
      expect(reservations).toEqual([
        { id: now.campaignId, refunded: a.cancelled ?? 0 },
        { id: later.campaignId, refunded: 200 },
      ]);
      // Never both: no cancelled message carries a carrier id.
      const both = (
        await db.query(
          `SELECT count(*)::int AS n FROM messaging.messages WHERE campaign_id = ANY($1::uuid[]) AND status = 'cancelled' AND (sent_at IS NOT NULL OR carrier_message_id IS NOT NULL)`,
          [[now.campaignId, later.campaignId]],
        )
      ).rows[0].n;
      expect(both).toBe(0);
    } finally {
      await db.end();
    }
  }, 120_000);

  it('DELETE /campaigns/{id}: 204 and credits back before sending, 409 once sending began, 404 for others', async () => {
    const owner = await signUpAndLogIn(http);
    const other = await signUpAndLogIn(http);
    await buyCredits(http, owner, 50);
    const balance = async () => (await http.get('/account/balance', { token: owner.accessToken })).body.credits;
    const scheduled = await sendSms(owner.accessToken, {
      to: ['+393471120001', '+393471120002'],
      text: 'Later',
      scheduledAt: inAnHour(),
    });
    expect(await balance()).toBe(48);

    expectProblem(
      await http.request('DELETE', `/campaigns/${scheduled.campaignId}`, { token: other.accessToken }),
      404,
    );
    expectProblem(await http.get(`/campaigns/${scheduled.campaignId}`, { token: other.accessToken }), 404);
    expectProblem(await http.request('DELETE', '/campaigns/not-a-uuid', { token: owner.accessToken }), 400, 'id');
    expect(await balance()).toBe(48);

    const gone = await http.request('DELETE', `/campaigns/${scheduled.campaignId}`, { token: owner.accessToken });
    expect(gone.status).toBe(204);
    await eventually('credits back', async () => (await balance()) === 50);
    const one = await http.get(`/campaigns/${scheduled.campaignId}`, { token: owner.accessToken });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      id: scheduled.campaignId,
      counts: { cancelled: 2 },
      cancelledAt: expect.any(String),
    });
    await eventually('cancelled in history', async () => {
      const items = (await http.get('/history', { token: owner.accessToken })).body.items as { status: string }[];
      return items.length === 2 && items.every((m) => m.status === 'cancelled');
    });

    const now = await sendSms(owner.accessToken, { to: ['+393471120003'], text: 'Now' });
    await eventually('handed to the carrier', async () => {
      const c = (await http.get(`/campaigns/${now.campaignId}`, { token: owner.accessToken })).body;
      return !c.counts.queued && c;
    });
    const late = await http.request('DELETE', `/campaigns/${now.campaignId}`, { token: owner.accessToken });
    expectProblem(late, 409);
    expect(late.body.code).toBe('campaign-sending-started');
    expect((await http.get(`/campaigns/${now.campaignId}`, { token: owner.accessToken })).body.cancelledAt).toBeNull();
  });

  it('GET /campaigns pages newest first; a manager sees only its own; bad input is a 400 problem', async () => {
    const owner = await signUpAndLogIn(http);
    await buyCredits(http, owner, 50);
    const sub = await createSubAccount(http, owner, 5);
    const a = await sendSms(owner.accessToken, { to: ['+393471130001'], text: 'A', scheduledAt: inAnHour() });
    const b = await sendSms(owner.accessToken, { to: ['+393471130002'], text: 'B', scheduledAt: inAnHour() });
    const mine = await sendSms(sub.managerToken, { to: ['+393471130003'], text: 'M', scheduledAt: inAnHour() });

    const first = await http.get('/campaigns?limit=1', { token: owner.accessToken });
    expect(first.status).toBe(200);
    expect(first.body.items.map((c: { id: string }) => c.id)).toEqual([b.campaignId]);
    const second = await http.get(`/campaigns?limit=1&cursor=${first.body.nextCursor}`, { token: owner.accessToken });
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: a.campaignId })], nextCursor: null });

    const managers = await http.get('/campaigns', { token: sub.managerToken });
    expect(managers.body.items.map((c: { id: string }) => c.id)).toEqual([mine.campaignId]);
    expectProblem(await http.get(`/campaigns/${a.campaignId}`, { token: sub.managerToken }), 404);
    const ownView = await http.get(`/campaigns?subAccountId=${sub.id}`, { token: sub.managerToken });
    expect(ownView.body.items.map((c: { id: string }) => c.id)).toEqual([mine.campaignId]);
    expectProblem(await http.get(`/campaigns?subAccountId=${owner.accountId}`, { token: sub.managerToken }), 404);
    const ownersView = await http.get(`/campaigns?subAccountId=${sub.id}`, { token: owner.accessToken });
    expect(ownersView.body.items.map((c: { id: string }) => c.id)).toEqual([mine.campaignId]);
    await expect(http.get(`/campaigns/${mine.campaignId}`, { token: owner.accessToken })).resolves.toMatchObject({
      status: 200,
    });

    expectProblem(await http.get('/campaigns?limit=0', { token: owner.accessToken }), 400, 'limit');
    expectProblem(await http.get('/campaigns?from=2026-13-01', { token: owner.accessToken }), 400, 'from');
    expectProblem(await http.get('/campaigns?subAccountId=x', { token: owner.accessToken }), 400, 'subAccountId');
    expectProblem(await http.get('/campaigns?cursor=bm9wZQ', { token: owner.accessToken }), 400, 'cursor');
    expectProblem(await http.get('/campaigns?from=2026-05-03&to=2026-05-02', { token: owner.accessToken }), 400, 'to');
  });
});
