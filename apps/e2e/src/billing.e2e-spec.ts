import { COMPLETE_BILLING, readPdf, signUpAndLogIn, SignedUpUser } from '@sms/testing';
import { e2eHttp, e2eState } from './support/e2e-state';
import { expectProblem } from './support/problem';
import { settled } from './support/settled';

const http = e2eHttp();
const BUYER = {
  ...COMPLETE_BILLING,
  company: 'Città di Forlì',
  firstName: 'Zoë',
  lastName: 'Ørsted-Müller',
  city: 'Forlì',
};

/** The PDF as bytes (HttpClient reads bodies as text, which would mangle them). */
async function fetchPdf(user: SignedUpUser, invoiceId: string, ifNoneMatch?: string) {
  const res = await fetch(`${e2eState().baseUrl}/api/v1/invoices/${invoiceId}/pdf`, {
    headers: { authorization: `Bearer ${user.accessToken}`, ...(ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {}) },
  });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function pdfText(bytes: Buffer): Promise<string> {
  return (await readPdf(bytes)).text.replace(/\s+/g, ' ');
}

async function balance(user: SignedUpUser): Promise<number | undefined> {
  const res = await http.get('/account/balance', { token: user.accessToken });
  return res.status === 200 ? (res.body.credits as number) : undefined;
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

describe('Purchases and invoices', () => {
  let owner: SignedUpUser;
  beforeAll(async () => {
    owner = await signUpAndLogIn(http);
    expect((await http.put('/account/billing', { token: owner.accessToken, body: BUYER })).status).toBe(200);
  });

  it('shows the price tiers', async () => {
    const res = await http.get('/pricing', { token: owner.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      currency: 'EUR',
      vatIncluded: false,
      tiers: [
        { minSms: 1, maxSms: 999, unitPriceTenthsOfCent: 80, unitPrice: '0.080' },
        { minSms: 1000, maxSms: 2499, unitPriceTenthsOfCent: 70, unitPrice: '0.070' },
        { minSms: 2500, maxSms: null, unitPriceTenthsOfCent: 68, unitPrice: '0.068' },
      ],
    });
  });

  it('purchase → unpaid invoice in the list → PDF → pay → credits once → pay again changes nothing', async () => {
    const token = owner.accessToken;
    const headers = { 'idempotency-key': `buy-${owner.userId}` };
    const bought = await http.post('/purchases', { token, headers, body: { smsCount: 2500 } });
    expect(bought.status).toBe(201);
    const invoice = bought.body;
    expect(invoice).toMatchObject({
      smsCount: 2500,
      amountExclVat: 17000,
      vatRate: 22,
      vatKind: 'standard',
      vatAmount: 3740,
      total: 20740,
      currency: 'EUR',
      status: 'unpaid',
      paidAt: null,
    });
    expect(invoice.number).toMatch(/^\d{4}-\d{6}$/);
    // A retry with the same key is the same purchase, not a second invoice.
    const retry = await http.post('/purchases', { token, headers, body: { smsCount: 2500 } });
    expect(retry.body.id).toBe(invoice.id);

    const list = await http.get('/invoices', { token });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [invoice], nextCursor: null });
    expect((await http.get(`/invoices/${invoice.id}`, { token })).body).toEqual(invoice);

    const { res, bytes } = await fetchPdf(owner, invoice.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="invoice-${invoice.number}.pdf"`);
    const text = await pdfText(bytes);
    for (const expected of [invoice.number, 'Zoë Ørsted-Müller', 'Città di Forlì', '170,00 €', '37,40 €', '207,40 €']) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('NON PAGATA');
    // A client holding this version revalidates with its ETag and gets 304 without the bytes.
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    const cached = await fetchPdf(owner, invoice.id, etag);
    expect(cached.res.status).toBe(304);
    expect(cached.bytes.length).toBe(0);
    // A download without a copy gets the same bytes again (the gateway's own copy, revalidated).
    const twice = await fetchPdf(owner, invoice.id);
    expect(twice.res.status).toBe(200);
    expect(twice.res.headers.get('etag')).toBe(etag);
    expect(twice.bytes.equals(bytes)).toBe(true);

    const paid = await http.post(`/invoices/${invoice.id}/pay`, { token });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ id: invoice.id, status: 'paid', paidAt: expect.any(String) });
    // Paying makes a new version: the old ETag no longer matches and the paid PDF comes back.
    const fresh = await fetchPdf(owner, invoice.id, etag);
    expect(fresh.res.status).toBe(200);
    expect(fresh.res.headers.get('etag')).not.toBe(etag);
    expect((await pdfText(fresh.bytes)).includes('NON PAGATA')).toBe(false);
    // ...and so does a download without a copy: no gateway serves the unpaid version any more.
    const plain = await fetchPdf(owner, invoice.id);
    expect(plain.res.headers.get('etag')).toBe(fresh.res.headers.get('etag'));
    expect(plain.bytes.equals(fresh.bytes)).toBe(true);

    // The wallet credits the account from the InvoicePaid event.
    expect(await eventually(async () => (await balance(owner)) === 2500)).toBe(true);
    const again = await http.post(`/invoices/${invoice.id}/pay`, { token });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(paid.body);
    await settled(); // a second InvoicePaid, had the repeat emitted one, is handled by now
    expect(await balance(owner)).toBe(2500);
  });

  it.each([[0], [-5], [1.5], ['100'], [1e9], [null], [undefined]])('refuses smsCount %p with 400', async (smsCount) => {
    const res = await http.post('/purchases', { token: owner.accessToken, body: { smsCount } });
    expectProblem(res, 400, 'smsCount');
  });

  it('refuses a purchase while the billing details are incomplete (422 naming them) and issues nothing', async () => {
    const newcomer = await signUpAndLogIn(http);
    const res = await http.post('/purchases', { token: newcomer.accessToken, body: { smsCount: 500 } });
    expectProblem(res, 422);
    expect(res.body.code).toBe('billing-details-incomplete');
    expect(res.body.detail).toContain('address');
    expect((await http.get('/invoices', { token: newcomer.accessToken })).body).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it("answers 404 for another tenant's invoice, its PDF and its payment", async () => {
    const mine = await http.post('/purchases', { token: owner.accessToken, body: { smsCount: 10 } });
    expect(mine.status).toBe(201);
    // The owner's download leaves a copy in the gateway; it changes nothing for a stranger.
    expect((await fetchPdf(owner, mine.body.id)).res.status).toBe(200);
    const stranger = await signUpAndLogIn(http);
    await http.put('/account/billing', { token: stranger.accessToken, body: COMPLETE_BILLING });
    expectProblem(await http.get(`/invoices/${mine.body.id}`, { token: stranger.accessToken }), 404);
    expect((await fetchPdf(stranger, mine.body.id)).res.status).toBe(404);
    expectProblem(await http.post(`/invoices/${mine.body.id}/pay`, { token: stranger.accessToken }), 404);
    expect((await http.get(`/invoices/${mine.body.id}`, { token: owner.accessToken })).body.status).toBe('unpaid');
    expect((await http.get('/invoices', { token: stranger.accessToken })).body.items).toEqual([]);
  });

  it('validates ids and list parameters (400) and pages newest first', async () => {
    const token = owner.accessToken;
    expectProblem(await http.get('/invoices/not-a-uuid', { token }), 400, 'id');
    expectProblem(await http.get('/invoices/00000000-0000-4000-8000-000000000000', { token }), 404);
    for (const [query, field] of [
      ['status=void', 'status'],
      ['from=2026-13-01', 'from'],
      ['from=2026-02-30', 'from'],
      ['to=yesterday', 'to'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=abc', 'limit'],
      ['cursor=bogus', 'cursor'],
    ]) {
      expectProblem(await http.get(`/invoices?${query}`, { token }), 400, field);
    }
    await http.post('/purchases', { token, body: { smsCount: 20 } });
    const page1 = await http.get('/invoices?limit=2', { token });
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await http.get(`/invoices?limit=2&cursor=${page1.body.nextCursor}`, { token });
    expect(page2.body.items.length).toBeGreaterThanOrEqual(1);
    const numbers = [...page1.body.items, ...page2.body.items].map((i: { number: string }) => i.number);
    expect(numbers).toEqual([...numbers].sort().reverse());
    const paidOnly = (await http.get('/invoices?status=paid', { token })).body.items as { status: string }[];
    expect(paidOnly.length).toBeGreaterThan(0);
    expect(paidOnly.every((i) => i.status === 'paid')).toBe(true);
  });
});
