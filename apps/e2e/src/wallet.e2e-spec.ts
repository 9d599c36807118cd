import { natsAuthOptions } from '@sms/nats-auth';
import { BillingEvents, InvoicePaidData } from '@sms/contracts';
import { createEnvelope, ensureEventsStream, eventSubject } from '@sms/events';
import { HttpClient, signUpAndLogIn } from '@sms/testing';
import { NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { e2eHttp, e2eState } from './support/e2e-state';
import { settled } from './support/settled';
import { connectWhenReachable } from '@sms/nats';

const http = e2eHttp();

/** Billing's "invoice paid" as the wallet receives it (its producer is billing's; here the test publishes it). */
async function publishInvoicePaid(nc: NatsConnection, data: InvoicePaidData, eventId = randomUUID()): Promise<void> {
  const natsPrefix = e2eState().env.NATS_PREFIX;
  await ensureEventsStream(nc, { natsPrefix });
  const envelope = createEnvelope(BillingEvents.invoicePaid, data, { id: eventId, accountId: data.accountId });
  await nc.jetstream().publish(eventSubject(envelope.type, natsPrefix), JSON.stringify(envelope), {
    msgID: `${eventId}-${randomUUID()}`,
  });
}

async function waitForBalance(client: HttpClient, token: string, credits: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const res = await client.get('/account/balance', { token });
    last = res.body;
    if (res.status === 200 && res.body.credits === credits) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`balance never reached ${credits}: ${JSON.stringify(last)}`);
}

describe('wallet: balance and purchases', () => {
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connectWhenReachable({ servers: e2eState().env.NATS_URL, ...natsAuthOptions() });
  });
  afterAll(async () => {
    await nc.drain();
  });

  it('a new owner has 0 credits, limited', async () => {
    const owner = await signUpAndLogIn(http);
    const res = await http.get('/account/balance', { token: owner.accessToken });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ credits: 0, unlimited: false });
  });

  it('credits a paid invoice exactly once, however often the event arrives', async () => {
    const owner = await signUpAndLogIn(http);
    const data: InvoicePaidData = {
      invoiceId: randomUUID(),
      invoiceNumber: '2026-000042',
      accountId: owner.accountId,
      smsCount: 750,
      paidAt: new Date().toISOString(),
    };
    const eventId = randomUUID();
    await publishInvoicePaid(nc, data, eventId);
    await publishInvoicePaid(nc, data, eventId); // redelivered event
    await publishInvoicePaid(nc, data); // a second event for the same invoice
    await waitForBalance(http, owner.accessToken, 750);
    await settled(); // every delivery handled: a double credit would show now
    expect((await http.get('/account/balance', { token: owner.accessToken })).body).toEqual({
      credits: 750,
      unlimited: false,
    });
  });

  it('401 without a token', async () => {
    expect((await http.get('/account/balance')).status).toBe(401);
  });
});
