import {
  COMPLETE_BILLING,
  eventually,
  HttpClient,
  OwnStack,
  PaymentProviderSimulator,
  signUpAndLogIn,
  startOwnStack,
} from '@sms/testing';
import { Client } from 'pg';
import { expectProblem } from './support/problem';

// A stack of its own with PAYMENTS=provider: invoices are paid only by the provider's signed webhook.
describe('payments through the provider webhook (PAYMENTS=provider)', () => {
  const secret = 'whsec_e2e_0123456789abcdef0123456789abcdef';
  let own: OwnStack;
  let http: HttpClient;
  let provider: PaymentProviderSimulator;

  beforeAll(async () => {
    own = await startOwnStack('payments', () => ({
      PAYMENTS: 'provider',
      PAYMENT_WEBHOOK_SECRET: secret,
      LOG_LEVEL: 'warn',
      READY_TIMEOUT_MS: '15000',
    }));
    http = new HttpClient(own.stack.baseUrl);
    provider = new PaymentProviderSimulator(own.stack.baseUrl, secret);
  });

  afterAll(async () => {
    await own?.stop();
  });

  async function unpaidInvoice() {
    const user = await signUpAndLogIn(http);
    const token = user.accessToken;
    expect((await http.put('/account/billing', { token, body: COMPLETE_BILLING })).status).toBe(200);
    const invoice = await http.post('/purchases', { token, body: { smsCount: 1000 } });
    expect(invoice.status).toBe(201);
    return { user, invoice: invoice.body as { id: string; total: number; currency: string } };
  }

  const balance = async (token: string): Promise<number> =>
    (await http.get('/account/balance', { token })).body.credits as number;
  const status = async (token: string, id: string): Promise<string> =>
    (await http.get(`/invoices/${id}`, { token })).body.status as string;
  const eventsStored = async (): Promise<number> => {
    const db = new Client({ connectionString: own.databaseUrl });
    await db.connect();
    try {
      return (await db.query('SELECT count(*)::int AS n FROM billing.payment_events')).rows[0].n as number;
    } finally {
      await db.end();
    }
  };

  it('refuses the owner marking its own invoice paid', async () => {
    const { user, invoice } = await unpaidInvoice();
    const res = await http.post(`/invoices/${invoice.id}/pay`, { token: user.accessToken });
    expectProblem(res, 403);
    await expect(status(user.accessToken, invoice.id)).resolves.toBe('unpaid');
  });

  it('refuses a forged signature, an old timestamp and a wrong amount or currency, changing nothing', async () => {
    const { user, invoice } = await unpaidInvoice();
    const before = await eventsStored();
    const good = provider.succeeded(invoice.id, invoice.total, invoice.currency);
    expect((await provider.post(good, { secret: 'a forger guessing the secret' })).status).toBe(401);
    expect((await provider.post(good, { signature: 'v1=deadbeef' })).status).toBe(401);
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 360;
    expect((await provider.post(good, { timestamp: sixMinutesAgo })).status).toBe(401);
    expect((await provider.post(provider.succeeded(invoice.id, invoice.total - 1, invoice.currency))).status).toBe(422);
    expect((await provider.post(provider.succeeded(invoice.id, invoice.total, 'USD'))).status).toBe(422);
    await expect(status(user.accessToken, invoice.id)).resolves.toBe('unpaid');
    await expect(balance(user.accessToken)).resolves.toBe(0);
    await expect(eventsStored()).resolves.toBe(before);
  });

  it('pays once and credits once for a valid event, however often it is replayed', async () => {
    const { user, invoice } = await unpaidInvoice();
    const event = provider.succeeded(invoice.id, invoice.total, invoice.currency);
    const first = await provider.post(event);
    expect(first).toEqual({ status: 200, body: { received: true, duplicate: false, paid: true } });
    const replays = await Promise.all([provider.post(event), provider.post(event), provider.post(event)]);
    for (const r of replays) expect(r).toEqual({ status: 200, body: { received: true, duplicate: true, paid: false } });
    // Another event id for the same invoice: recorded, but the invoice is already paid.
    const second = await provider.post(provider.succeeded(invoice.id, invoice.total, invoice.currency));
    expect(second.body).toEqual({ received: true, duplicate: false, paid: false });

    await expect(status(user.accessToken, invoice.id)).resolves.toBe('paid');
    await eventually('the purchase credited', async () => (await balance(user.accessToken)) === 1000);
    await expect(balance(user.accessToken)).resolves.toBe(1000);
    // Still 1000 a moment later: the replays credited nothing.
    await new Promise((r) => setTimeout(r, 1000));
    await expect(balance(user.accessToken)).resolves.toBe(1000);
  });
});
