import { testNatsPrefix } from '@sms/testing';
import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { loadEnv } from '@sms/config';
import {
  Actor,
  ActorEnvelope,
  BillingDetailsView,
  BillingRpc,
  ContactDetailsView,
  IdentityRpc,
  NotFoundError,
  RemoteProblemError,
} from '@sms/contracts';
import { createServiceApp, RpcClient, Handles } from '@sms/nats';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BillingEnv } from './billing-env';
import { BillingModule } from './billing.module';
import { Clock } from './clock';

// Identity's side of the conversation, played by a stub answering on the real subjects.
const billingByAccount = new Map<string, BillingDetailsView>();

@Controller()
class FakeIdentityController {
  @Handles(IdentityRpc.getBilling)
  billing(@Payload() q: ActorEnvelope): BillingDetailsView {
    const details = billingByAccount.get(q.actor.accountId);
    if (!details) throw new NotFoundError('Account');
    return details;
  }

  @Handles(IdentityRpc.getContact)
  contact(@Payload() q: ActorEnvelope): ContactDetailsView {
    return { firstName: 'A', lastName: 'B', email: `${q.actor.userId}@example.com`, phone: null, language: 'it' };
  }
}

@Module({ controllers: [FakeIdentityController] })
class FakeIdentityModule {}

class TestClock implements Clock {
  current = new Date('2030-06-15T10:00:00Z');
  now(): Date {
    return new Date(this.current);
  }
}

const COMPLETE: BillingDetailsView = {
  company: 'Città di Forlì',
  firstName: 'Zoë',
  lastName: 'Müller',
  address: 'Piazza Saffi 8',
  postalCode: '47121',
  city: 'Forlì',
  country: 'IT',
  vatNumber: null,
};

function owner(details: BillingDetailsView | null = COMPLETE): Actor {
  const actor: Actor = { userId: randomUUID(), accountId: randomUUID(), role: 'owner' };
  if (details) billingByAccount.set(actor.accountId, details);
  return actor;
}

describe('billing service (PostgreSQL + NATS)', () => {
  const clock = new TestClock();
  let identity: INestMicroservice;
  let billing: INestMicroservice;
  let rpc: RpcClient;
  let ds: DataSource;

  const purchase = (actor: Actor, smsCount: number, key?: string) =>
    rpc.send(
      BillingRpc.purchase,
      {
        actor,
        purchase: { smsCount },
        idempotency: key ? { key, requestHash: 'a'.repeat(63) + String(smsCount % 10) } : undefined,
      },
      20_000,
    );
  const problemOf = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('expected a problem');
      },
      (err: unknown) => {
        if (!(err instanceof RemoteProblemError)) throw err;
        return err.problem;
      },
    );

  beforeAll(async () => {
    const natsUrl = process.env.NATS_URL as string;
    identity = await createServiceApp({
      natsPrefix: testNatsPrefix(),
      service: 'identity',
      module: FakeIdentityModule,
      natsUrl,
      logLevel: 'warn',
    });
    await identity.listen();
    billing = await createServiceApp({
      natsPrefix: testNatsPrefix(),
      service: 'billing',
      module: BillingModule.register(loadEnv(BillingEnv), { clock }),
      natsUrl,
      logLevel: 'warn',
    });
    await billing.listen();
    ds = billing.get(DataSource);
    rpc = new RpcClient({ prefix: testNatsPrefix(), natsUrl, timeoutMs: 10_000, name: 'billing-int-spec' });
    await rpc.connect();
  });

  afterAll(async () => {
    await rpc?.close();
    await billing?.close();
    await identity?.close();
  });

  it('gives 200 concurrent purchases from several accounts the numbers 1..200 of the year, no gap, no duplicate', async () => {
    clock.current = new Date('2030-06-15T10:00:00Z');
    const accounts = Array.from({ length: 5 }, () => owner());
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => purchase(accounts[i % 5], 100 + i)));

    const numbers = results.map((r) => r.number).sort();
    expect(numbers).toEqual(Array.from({ length: 200 }, (_, i) => `2030-${String(i + 1).padStart(6, '0')}`));
    const rows: { seq: number }[] = await ds.query(`SELECT seq FROM billing.invoices WHERE year = 2030 ORDER BY seq`);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(await ds.query(`SELECT last FROM billing.invoice_counters WHERE year = 2030`)).toEqual([{ last: 200 }]);
    // Each invoice belongs to the account that bought it, priced from its own count.
    const first = results[0];
    expect(first).toMatchObject({
      smsCount: 100,
      amountExclVat: 800,
      vatRate: 22,
      vatAmount: 176,
      total: 976,
      status: 'unpaid',
    });
  });

  it('starts again at 000001 in a new calendar year, taken in the seller time zone (Europe/Rome)', async () => {
    const actor = owner();
    clock.current = new Date('2031-12-31T22:59:59Z'); // 23:59:59 in Rome
    const lastOf2031 = await purchase(actor, 10);
    clock.current = new Date('2031-12-31T23:00:00Z'); // midnight in Rome: 2032 already
    const firstOf2032 = await purchase(actor, 10);
    const secondOf2032 = await purchase(actor, 10);
    expect([lastOf2031.number, firstOf2032.number, secondOf2032.number]).toEqual([
      '2031-000001',
      '2032-000001',
      '2032-000002',
    ]);
    expect(firstOf2032.issuedAt).toBe('2031-12-31T23:00:00.000Z');
  });

  it('refuses incomplete billing details with 422 naming the fields, and uses no number', async () => {
    clock.current = new Date('2033-02-01T10:00:00Z');
    const actor = owner({ ...COMPLETE, company: null, address: '  ', vatNumber: null });
    const problem = await problemOf(purchase(actor, 500));
    expect(problem).toMatchObject({ status: 422, code: 'billing-details-incomplete' });
    expect(problem.detail).toContain('company, address');
    expect(problem.errors?.map((e) => e.field)).toEqual(['company', 'address']);
    expect(
      await ds.query(`SELECT count(*)::int AS n FROM billing.invoices WHERE account_id = $1`, [actor.accountId]),
    ).toEqual([{ n: 0 }]);
    const ok = await purchase(owner(), 500);
    expect(ok.number).toBe('2033-000001');
  });

  it('applies the VAT rules: EU business reverse charge, outside the EU no VAT', async () => {
    const de = await purchase(owner({ ...COMPLETE, country: 'DE', vatNumber: 'DE123456789' }), 2500);
    expect(de).toMatchObject({
      amountExclVat: 17000,
      vatRate: 0,
      vatKind: 'reverse-charge',
      vatAmount: 0,
      total: 17000,
    });
    expect(de.vatMention).toContain('Inversione contabile');
    const ch = await purchase(owner({ ...COMPLETE, country: 'CH' }), 1000);
    expect(ch).toMatchObject({ amountExclVat: 7000, vatKind: 'outside-scope', vatAmount: 0, total: 7000 });
    const fr = await purchase(owner({ ...COMPLETE, country: 'FR' }), 1000);
    expect(fr).toMatchObject({ vatRate: 22, vatAmount: 1540, total: 8540 });
  });

  it('honours Idempotency-Key: a retry returns the first invoice, another body is 409', async () => {
    const actor = owner();
    const [a, b] = await Promise.all([purchase(actor, 700, 'key-1'), purchase(actor, 700, 'key-1')]);
    expect(b.id).toBe(a.id);
    expect((await purchase(actor, 700, 'key-1')).id).toBe(a.id);
    expect(await problemOf(purchase(actor, 701, 'key-1'))).toMatchObject({ status: 409 });
    expect(
      await ds.query(`SELECT count(*)::int AS n FROM billing.invoices WHERE account_id = $1`, [actor.accountId]),
    ).toEqual([{ n: 1 }]);
  });

  it('pays once: concurrent pays return the paid invoice and append exactly one InvoicePaid event', async () => {
    const actor = owner();
    const invoice = await purchase(actor, 1200);
    const paid = await Promise.all(
      Array.from({ length: 6 }, () => rpc.send(BillingRpc.payInvoice, { actor, invoiceId: invoice.id })),
    );
    expect(new Set(paid.map((p) => `${p.status} ${p.paidAt}`)).size).toBe(1);
    expect(paid[0].status).toBe('paid');
    const events: { data: Record<string, unknown>; accountId: string }[] = await ds.query(
      `SELECT payload->'data' AS data, payload->>'accountId' AS "accountId" FROM billing.outbox
       WHERE type = 'billing.invoice.paid.v1' AND payload->'data'->>'invoiceId' = $1`,
      [invoice.id],
    );
    expect(events).toEqual([
      {
        accountId: actor.accountId,
        data: {
          invoiceId: invoice.id,
          invoiceNumber: invoice.number,
          accountId: actor.accountId,
          smsCount: 1200,
          paidAt: paid[0].paidAt,
        },
      },
    ]);
  });

  it('scopes by tenant and role: another account or a manager gets 404, a manager cannot buy (403)', async () => {
    const actor = owner();
    const invoice = await purchase(actor, 50);
    const stranger = owner();
    const manager: Actor = {
      userId: randomUUID(),
      accountId: actor.accountId,
      role: 'manager',
      parentAccountId: randomUUID(),
    };
    for (const who of [stranger, manager]) {
      for (const subject of [BillingRpc.getInvoice, BillingRpc.getInvoicePdf, BillingRpc.payInvoice]) {
        expect(await problemOf(rpc.send(subject, { actor: who, invoiceId: invoice.id }))).toMatchObject({
          status: 404,
        });
      }
    }
    expect(await problemOf(purchase(manager, 10))).toMatchObject({ status: 403 });
    expect((await rpc.send(BillingRpc.getInvoice, { actor, invoiceId: invoice.id })).status).toBe('unpaid');
  });

  it('lists newest first with keyset pages and status/period filters', async () => {
    const actor = owner();
    clock.current = new Date('2034-03-01T10:00:00Z');
    const march = await purchase(actor, 1);
    clock.current = new Date('2034-04-01T10:00:00Z');
    const april = await purchase(actor, 2);
    const april2 = await purchase(actor, 3);
    await rpc.send(BillingRpc.payInvoice, { actor, invoiceId: april.id });
    const list = (query: object) => rpc.send(BillingRpc.listInvoices, { actor, query });

    const page1 = await list({ limit: 2 });
    expect(page1.items.map((i) => i.id)).toEqual([april2.id, april.id]);
    const page2 = await list({ limit: 2, cursor: page1.nextCursor });
    expect(page2).toEqual({ items: [expect.objectContaining({ id: march.id })], nextCursor: null });
    expect((await list({ status: 'paid' })).items.map((i) => i.id)).toEqual([april.id]);
    expect((await list({ from: '2034-03-01', to: '2034-03-31' })).items.map((i) => i.id)).toEqual([march.id]);
    expect(await problemOf(list({ from: '2034-02-30' }))).toMatchObject({ status: 400 });
    expect(await problemOf(list({ from: '2034-05-01', to: '2034-04-01' }))).toMatchObject({ status: 400 });
    expect(await problemOf(list({ cursor: 'nonsense' }))).toMatchObject({ status: 400 });
  });

  it('renders each version of the PDF once and serves the stored bytes afterwards', async () => {
    const actor = owner();
    const invoice = await purchase(actor, 2501);
    const getPdf = () => rpc.send(BillingRpc.getInvoicePdf, { actor, invoiceId: invoice.id });
    const [a, b] = await Promise.all([getPdf(), getPdf()]);
    expect(a.filename).toBe(`invoice-${invoice.number}.pdf`);
    expect(
      Buffer.from(a.contentBase64 ?? '', 'base64')
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    expect(b.contentBase64).toBe(a.contentBase64);
    expect(b.etag).toBe(a.etag);
    const revalidate = (ifNoneMatch: string) =>
      rpc.send(BillingRpc.getInvoicePdf, { actor, invoiceId: invoice.id, ifNoneMatch });
    const same = await revalidate(a.etag);
    expect(same).toMatchObject({ notModified: true, etag: a.etag });
    expect(same.contentBase64).toBeUndefined();
    await rpc.send(BillingRpc.payInvoice, { actor, invoiceId: invoice.id });
    // Paying makes a new version: the old tag no longer matches and the new bytes come back.
    const paid = await revalidate(a.etag);
    expect(paid.notModified).toBeUndefined();
    expect(paid.etag).not.toBe(a.etag);
    expect(paid.contentBase64).not.toBe(a.contentBase64);
    expect(
      await ds.query(`SELECT status FROM billing.invoice_pdfs WHERE invoice_id = $1 ORDER BY status`, [invoice.id]),
    ).toEqual([{ status: 'paid' }, { status: 'unpaid' }]);
  });
});
