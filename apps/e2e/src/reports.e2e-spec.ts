import { buyCredits, signUpAndLogIn, SignedUpUser } from '@sms/testing';
import * as ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { e2eHttp } from './support/e2e-state';
import { createSubAccount, SubAccountFixture } from './support/fixtures';
import { expectProblem } from './support/problem';

const http = e2eHttp();
type Message = { id: string; segments: number; status: string; submittedAt: string };
type Group = {
  key: string | null;
  messages: number;
  segments: number;
  creditsCharged: number;
  creditsRefunded: number;
  netCredits: number;
  byStatus: Record<string, number>;
  deliveryRate: number | null;
};

const FINAL = ['delivered', 'failed', 'expired'];
const romeDay = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date(iso));
const LONG = 'x'.repeat(161); // two GSM-7 segments

async function history(token: string): Promise<Message[]> {
  const res = await http.get('/history?limit=500', { token });
  expect(res.status).toBe(200);
  return res.body.items;
}

async function send(token: string, to: string[], text: string): Promise<void> {
  const res = await http.post('/sms', { token, body: { to, text, sender: 'ACME' } });
  if (res.status !== 202) throw new Error(`send: ${res.status} ${res.text}`);
}

/** The group that /history says the messages make: what the summary must agree with. */
function fromHistory(key: string | null, items: Message[]): Group {
  const refunded = items.filter((m) => m.status === 'failed' || m.status === 'expired');
  const count = (s: string) => items.filter((m) => m.status === s).length;
  const segments = items.reduce((n, m) => n + m.segments, 0);
  const refundedCredits = refunded.reduce((n, m) => n + m.segments, 0);
  const final = count('delivered') + count('failed') + count('expired');
  return {
    key,
    messages: items.length,
    segments,
    creditsCharged: segments,
    creditsRefunded: refundedCredits,
    netCredits: segments - refundedCredits,
    byStatus: {
      delivered: count('delivered'),
      failed: count('failed'),
      expired: count('expired'),
      cancelled: 0,
      blocked: 0,
    },
    deliveryRate: final === 0 ? null : Math.round((count('delivered') / final) * 10_000) / 10_000,
  };
}

describe('usage reports', () => {
  let owner: SignedUpUser;
  let stranger: SignedUpUser;
  let sub: SubAccountFixture;
  let today: string;
  const summary = (token: string, query: string) =>
    http.get(`/reports/summary?from=${today}&to=${today}${query}`, { token });

  beforeAll(async () => {
    owner = await signUpAndLogIn(http);
    stranger = await signUpAndLogIn(http);
    await buyCredits(http, owner, 100);
    sub = await createSubAccount(http, owner, 20);
    // A random mix: delivered, failed (…0001) and expired (…0002), one and two segments.
    const suffix = () => String(Math.floor(Math.random() * 900) + 100);
    const pick = () => ['5555', '0001', '0002'][Math.floor(Math.random() * 3)];
    for (let i = 0; i < 4; i++) {
      await send(owner.accessToken, [`+39349${suffix()}${pick()}`, `+39349${suffix()}${pick()}`], i % 2 ? LONG : 'hi');
    }
    await send(owner.accessToken, ['+393491230001', '+393491230002', '+393491235555'], 'mixed');
    await send(sub.managerToken, ['+393492220001', `+39349${suffix()}${pick()}`], LONG);
    await send(sub.managerToken, ['+393492225555'], 'hi');
    // Settled: every message final in history, and the balances show every refund.
    const deadline = Date.now() + 45_000;
    for (;;) {
      const [mine, theirs] = [await history(owner.accessToken), await history(sub.managerToken)];
      const ownNet = fromHistory(null, mine).netCredits;
      const subNet = fromHistory(null, theirs).netCredits;
      const balance = (await http.get('/account/balance', { token: owner.accessToken })).body.credits;
      const subBalance = (await http.get('/account/balance', { token: sub.managerToken })).body.credits;
      if (
        mine.length === 11 &&
        theirs.length === 3 &&
        [...mine, ...theirs].every((m) => FINAL.includes(m.status)) &&
        balance === 100 - 20 - ownNet &&
        subBalance === 20 - subNet
      ) {
        today = romeDay(mine[0].submittedAt);
        break;
      }
      if (Date.now() > deadline) throw new Error('traffic never settled');
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 90_000);

  it('agrees with /history and the ledger, per sub-account and per day', async () => {
    const mine = await history(owner.accessToken);
    const theirs = await history(sub.managerToken);
    expect(mine.length).toBeGreaterThan(0);
    expect(theirs.length).toBeGreaterThan(0);
    const expected = [fromHistory(null, mine), fromHistory(sub.id, theirs)];
    let res = await summary(owner.accessToken, '&groupBy=subAccount');
    for (const deadline = Date.now() + 15_000; ; ) {
      if (res.status === 200 && JSON.stringify(res.body.items) === JSON.stringify(expected)) break;
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
      res = await summary(owner.accessToken, '&groupBy=subAccount');
    }
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(expected);
    // The ledger: what left the balances is the net credits.
    const balance = (await http.get('/account/balance', { token: owner.accessToken })).body.credits;
    const subBalance = (await http.get('/account/balance', { token: sub.managerToken })).body.credits;
    expect(res.body.items[0].netCredits).toBe(100 - 20 - balance);
    expect(res.body.items[1].netCredits).toBe(20 - subBalance);
    expect(res.body.total).toMatchObject({ key: null, messages: mine.length + theirs.length });

    const byDay = await summary(owner.accessToken, '&groupBy=day');
    expect(byDay.body.items).toEqual([{ ...res.body.total, key: today }]);
    const byMonth = await summary(owner.accessToken, '&groupBy=month');
    expect(byMonth.body.items).toEqual([{ ...res.body.total, key: today.slice(0, 7) }]);
  });

  it('shows a manager its own, an owner one sub-account by id, and nobody else', async () => {
    const theirs = fromHistory(sub.id, await history(sub.managerToken));
    const manager = await summary(sub.managerToken, '&groupBy=subAccount');
    expect(manager.status).toBe(200);
    expect(manager.body.items).toEqual([theirs]);
    const one = await summary(owner.accessToken, `&groupBy=subAccount&subAccountId=${sub.id}`);
    expect(one.body.items).toEqual([theirs]);
    expectProblem(await summary(stranger.accessToken, `&subAccountId=${sub.id}`), 404);
    expectProblem(await summary(sub.managerToken, `&subAccountId=${sub.id}`), 404);
    expectProblem(await summary(owner.accessToken, `&subAccountId=${randomUUID()}`), 404);
    const empty = await summary(stranger.accessToken, '');
    expect(empty.body.items).toEqual([]);
  });

  it('refuses bad parameters with a problem and never a 500', async () => {
    const token = owner.accessToken;
    expectProblem(await http.get('/reports/summary', { token }), 400, 'from');
    expectProblem(await http.get(`/reports/summary?from=${today}&to=2000-01-01`, { token }), 400, 'to');
    expectProblem(await http.get(`/reports/summary?from=2026-02-30&to=2026-03-01`, { token }), 400, 'from');
    expectProblem(await http.get('/reports/summary?from=0000-01-01&to=9999-12-31', { token }), 400, 'from');
    expectProblem(await summary(token, '&groupBy=week'), 400, 'groupBy');
    expectProblem(await summary(token, '&subAccountId=nope'), 400, 'subAccountId');
    expectProblem(await summary(token, '&extra=1'), 400);
  });

  it('downloads the summary as a one-sheet workbook in Italian', async () => {
    const res = await fetch(
      `${http.baseUrl}/api/v1/reports/summary.xlsx?from=${today}&to=${today}&groupBy=subAccount`,
      {
        headers: { authorization: `Bearer ${owner.accessToken}` },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const dir = await mkdtemp(join(tmpdir(), 'summary-e2e-'));
    await writeFile(join(dir, 's.xlsx'), Buffer.from(await res.arrayBuffer()));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 's.xlsx'));
    await rm(dir, { recursive: true });
    expect(wb.worksheets).toHaveLength(1);
    const ws = wb.worksheets[0];
    const json = (await summary(owner.accessToken, '&groupBy=subAccount')).body;
    expect(ws.getRow(1).getCell(2).value).toBe('Messaggi');
    expect(ws.getRow(2).getCell(1).value).toBe('Account principale');
    expect(ws.getRow(2).getCell(2).value).toBe(json.items[0].messages);
    expect(ws.getRow(3).getCell(1).value).toBe(sub.id);
    expect(ws.getRow(4).getCell(1).value).toBe('Totale');
    expect(ws.getRow(4).getCell(6).value).toBe(json.total.netCredits);
  });
});
