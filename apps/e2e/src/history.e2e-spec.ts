import { buyCredits, HttpResponse, signUpAndLogIn, uniqueEmail } from '@sms/testing';
import * as ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { e2eHttp } from './support/e2e-state';
import { expectProblem } from './support/problem';

const http = e2eHttp();
type Message = {
  id: string;
  campaignId: string;
  recipient: string;
  text: string;
  status: string;
  submittedAt: string;
  deliveredAt?: string;
};

const romeDay = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date(iso));
const shiftDay = (day: string, days: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function list(token: string, query = '', path = '/history'): Promise<Message[]> {
  const res = await http.get(`${path}?limit=500${query}`, { token });
  expect(res.status).toBe(200);
  return res.body.items;
}

async function send(token: string, to: string[], text: string): Promise<string> {
  const res = await http.post('/sms', { token, body: { to, text, sender: 'ACME' } });
  if (res.status !== 202) throw new Error(`send: ${res.status} ${res.text}`);
  await new Promise((r) => setTimeout(r, 30)); // distinct submit instants between campaigns
  return res.body.campaignId;
}

async function download(
  token: string,
  path: string,
): Promise<{ status: number; type: string | null; disposition: string | null; wb: ExcelJS.Workbook }> {
  const res = await fetch(`${http.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  const wb = new ExcelJS.Workbook();
  if (res.status === 200) {
    // Read back from a file: exceljs's load(buffer) stalls under jest's module sandbox.
    const dir = await mkdtemp(join(tmpdir(), 'receipts-e2e-'));
    await writeFile(join(dir, 'r.xlsx'), bytes);
    await wb.xlsx.readFile(join(dir, 'r.xlsx'));
    await rm(dir, { recursive: true });
  }
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    wb,
  };
}

describe('history and delivery receipts', () => {
  let owner: Awaited<ReturnType<typeof signUpAndLogIn>>;
  let managerToken: string;
  let subId: string;
  let stranger: Awaited<ReturnType<typeof signUpAndLogIn>>;
  const campaigns: Record<string, string> = {};
  let afterBig: string;

  beforeAll(async () => {
    owner = await signUpAndLogIn(http);
    stranger = await signUpAndLogIn(http);
    await buyCredits(http, owner, 200);
    const email = uniqueEmail('manager');
    const created = await http.post('/sub-accounts', {
      token: owner.accessToken,
      body: {
        name: 'Shop',
        manager: { firstName: 'Marco', lastName: 'Bianchi', email },
        password: 'manager secret 123',
        unlimited: true,
      },
    });
    if (created.status !== 201) throw new Error(`sub-account: ${created.status} ${created.text}`);
    subId = created.body.id;
    managerToken = (await http.post('/auth/login', { body: { email, password: 'manager secret 123' } })).body
      .accessToken;

    campaigns.big = await send(
      owner.accessToken,
      ['+393491000011', '+393491000012', '+393491000013', '+393491000014'],
      'Big campaign',
    );
    afterBig = new Date().toISOString();
    campaigns.formula = await send(owner.accessToken, ['+393491000011'], '=HYPERLINK("http://evil","click")');
    campaigns.subA = await send(managerToken, ['+393491000021', '+393491000022'], 'From the shop');
    campaigns.subB = await send(managerToken, ['+393491000021'], 'Again from the shop');
    // Everything delivered and projected before the checks.
    const settled = async () =>
      (await list(owner.accessToken)).filter((m) => m.status === 'delivered').length === 5 &&
      (await list(managerToken)).filter((m) => m.status === 'delivered').length === 3;
    const deadline = Date.now() + 60_000;
    while (!(await settled())) {
      if (Date.now() > deadline) throw new Error('messages never all delivered');
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 60_000);

  it('lists newest first with the contract fields', async () => {
    const items = await list(owner.accessToken);
    expect(items.map((m) => m.campaignId)).toEqual([campaigns.formula, ...Array(4).fill(campaigns.big)]);
    expect(items[0]).toEqual({
      id: expect.any(String),
      campaignId: campaigns.formula,
      recipient: '+393491000011',
      sender: 'ACME',
      text: '=HYPERLINK("http://evil","click")',
      segments: 1,
      status: 'delivered',
      submittedAt: expect.any(String),
      deliveredAt: expect.any(String),
    });
  });

  it('filters by day, period, recipient and campaign size, alone and combined', async () => {
    const token = owner.accessToken;
    const today = romeDay((await list(token))[0].submittedAt);
    expect(await list(token, `&from=${today}&to=${today}`)).toHaveLength(5);
    expect(await list(token, `&from=${shiftDay(today, -1)}&to=${shiftDay(today, -1)}`)).toEqual([]);
    expect(await list(token, `&from=${shiftDay(today, -3)}&to=${shiftDay(today, 1)}`)).toHaveLength(5);
    expect((await list(token, `&from=${encodeURIComponent(afterBig)}`)).map((m) => m.campaignId)).toEqual([
      campaigns.formula,
    ]);
    const upToBig = await list(token, `&to=${encodeURIComponent(afterBig)}`);
    expect(upToBig.length).toBeGreaterThan(0);
    expect(upToBig.every((m) => m.campaignId === campaigns.big)).toBe(true);
    expect((await list(token, '&recipient=%2B393491000011')).map((m) => m.campaignId).sort()).toEqual(
      [campaigns.big, campaigns.formula].sort(),
    );
    expect(await list(token, '&minCampaignSize=4')).toHaveLength(4);
    expect(await list(token, '&minCampaignSize=5')).toEqual([]);
    const combined = await list(token, `&from=${today}&to=${today}&recipient=%2B393491000011&minCampaignSize=2`);
    expect(combined.map((m) => m.campaignId)).toEqual([campaigns.big]);
  });

  it('pages with a cursor, without gaps or duplicates', async () => {
    const all = await list(owner.accessToken);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: HttpResponse<{ items: Message[]; nextCursor: string | null }> = await http.get(
        `/history?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: owner.accessToken },
      );
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((m) => m.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((m) => m.id));
  });

  it("shows a manager its sub-account, an owner its own account and each sub-account by id, and 404 for anyone else's", async () => {
    const managerView = await list(managerToken);
    expect(managerView.map((m) => m.campaignId).sort()).toEqual(
      [campaigns.subA, campaigns.subA, campaigns.subB].sort(),
    );
    expect((await list(owner.accessToken)).some((m) => m.campaignId === campaigns.subA)).toBe(false);
    const ownerOfSub = await list(owner.accessToken, '', `/sub-accounts/${subId}/history`);
    expect(ownerOfSub.map((m) => m.id)).toEqual(managerView.map((m) => m.id));
    expect(await list(owner.accessToken, '&recipient=%2B393491000022', `/sub-accounts/${subId}/history`)).toHaveLength(
      1,
    );

    expectProblem(await http.get(`/sub-accounts/${subId}/history`, { token: stranger.accessToken }), 404);
    expectProblem(await http.get(`/sub-accounts/${subId}/history`, { token: managerToken }), 404);
    expectProblem(await http.get(`/sub-accounts/${randomUUID()}/history`, { token: owner.accessToken }), 404);
    expectProblem(await http.get(`/sub-accounts/not-a-uuid/history`, { token: owner.accessToken }), 404);
    expect(await list(stranger.accessToken)).toEqual([]);
    expectProblem(await http.get('/history'), 401);
  });

  it.each([
    ['a malformed day', 'from=2026-13-01', 'from'],
    ['an impossible day', 'from=2026-02-30', 'from'],
    ['a period ending before it starts', 'from=2026-05-02&to=2026-05-01', 'to'],
    ['a recipient that is not E.164', 'recipient=12345', 'recipient'],
    ['a minCampaignSize that is not a number', 'minCampaignSize=lots', 'minCampaignSize'],
    ['a zero limit', 'limit=0', 'limit'],
    ['a limit over 500', 'limit=501', 'limit'],
    ['a forged cursor', 'cursor=WyJ4IiwieSJd', 'cursor'],
    ['an unknown time zone', 'timeZone=Mars%2FOlympus', 'timeZone'],
    ['an unknown parameter', 'sort=asc', 'sort'],
  ])('refuses %s with 400', async (_name, query, field) => {
    expectProblem(await http.get(`/history?${query}`, { token: owner.accessToken }), 400, field);
  });

  it('exports the receipts of a period as a workbook, with formulas neutralised', async () => {
    const today = romeDay((await list(owner.accessToken))[0].submittedAt);
    const file = await download(owner.accessToken, `/delivery-receipts.xlsx?from=${today}&to=${today}`);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(file.disposition).toBe(`attachment; filename="delivery-receipts_${today}_${today}.xlsx"`);
    const ws = file.wb.worksheets[0];
    expect(ws.rowCount).toBe(6);
    // Italian by default, like the alerts and the invoice PDF.
    expect(ws.name).toBe('Ricevute di consegna');
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Inviato il',
      'Destinatario',
      'Mittente',
      'Testo',
      'Segmenti',
      'Stato',
      'Consegnato il',
      'Codice errore',
      'ID campagna',
    ]);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.getColumn(4).width).toBeGreaterThan(20);

    const history = await list(owner.accessToken);
    const formula = history.find((m) => m.campaignId === campaigns.formula)!;
    const last = ws.getRow(6); // oldest first: the formula message was sent last
    expect(last.getCell(2).value).toBe('+393491000011');
    expect(last.getCell(3).value).toBe('ACME');
    expect(last.getCell(4).value).toBe('\'=HYPERLINK("http://evil","click")');
    expect(last.getCell(4).type).toBe(ExcelJS.ValueType.String);
    expect(last.getCell(5).value).toBe(1);
    expect(last.getCell(6).value).toBe('Consegnato');
    expect(last.getCell(9).value).toBe(campaigns.formula);
    // Excel dates in Rome's wall-clock time.
    const submitted = last.getCell(1).value as Date;
    const offsetMs = submitted.getTime() - Date.parse(formula.submittedAt);
    expect([3_600_000, 7_200_000]).toContain(offsetMs);
    expect((last.getCell(7).value as Date).getTime() - Date.parse(formula.deliveredAt!)).toBe(offsetMs);
    expect(ws.getRow(2).getCell(9).value).toBe(campaigns.big);
  });

  it("exports a sub-account's receipts for its owner only, and an empty period as a header row", async () => {
    const sub = await download(owner.accessToken, `/sub-accounts/${subId}/delivery-receipts.xlsx`);
    expect(sub.status).toBe(200);
    expect(sub.wb.worksheets[0].rowCount).toBe(4);
    const mine = await download(managerToken, '/delivery-receipts.xlsx');
    expect(mine.wb.worksheets[0].rowCount).toBe(4);
    expect((await download(stranger.accessToken, `/sub-accounts/${subId}/delivery-receipts.xlsx`)).status).toBe(404);
    expectProblem(await http.get('/delivery-receipts.xlsx?from=yesterday', { token: owner.accessToken }), 400, 'from');
    const empty = await download(owner.accessToken, '/delivery-receipts.xlsx?from=2020-01-01&to=2020-01-01');
    expect(empty.status).toBe(200);
    expect(empty.wb.worksheets[0].rowCount).toBe(1);
    expect(empty.wb.worksheets[0].getRow(1).getCell(1).value).toBe('Inviato il');
  });

  it('follows the language of the account that downloads: English after /account/contact says en', async () => {
    const contact = (await http.get('/account/contact', { token: managerToken })).body;
    const put = await http.put('/account/contact', {
      token: managerToken,
      body: { ...contact, phone: contact.phone ?? '+393331234567', language: 'en' },
    });
    expect(put.status).toBe(200);
    const mine = await download(managerToken, '/delivery-receipts.xlsx');
    const ws = mine.wb.worksheets[0];
    expect(ws.name).toBe('Delivery receipts');
    expect(ws.getRow(1).getCell(6).value).toBe('Status');
    const statuses = (ws.getColumn(6).values as unknown[]).slice(2);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((v) => v === 'Delivered')).toBe(true);
    // The owner's account did not change language: still Italian.
    const owners = await download(owner.accessToken, `/sub-accounts/${subId}/delivery-receipts.xlsx`);
    expect(owners.wb.worksheets[0].getRow(1).getCell(6).value).toBe('Stato');
  });
});
