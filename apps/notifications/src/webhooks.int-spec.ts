import {
  Actor,
  AuditRecordedData,
  BillingEvents,
  CreatedWebhook,
  InboundReceivedData,
  InvoicePaidData,
  MessageStatusChangedData,
  MessageStatusesChangedData,
  MessagingEvents,
  statusChangeEventId,
  AuditEvents,
  NotificationsRpc,
  RemoteProblemError,
  WebhookEventType,
  healthPing,
} from '@sms/contracts';
import { createEnvelope } from '@sms/events';
import { AppStack, REPO_ROOT } from '@sms/testing';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { NotificationsHarness, waitFor } from './testing/notifications-harness';
import { Resolver } from './webhooks/url-guard';
import { WebhookReceiver } from './webhooks/testing/webhook-receiver';

/** The verification recipe exactly as the README documents it (so the README cannot drift). */
function readmeRecipe(): (raw: string, header: string, secret: string) => boolean {
  const readme = readFileSync(path.join(REPO_ROOT, 'apps/notifications/README.md'), 'utf8');
  const block = /<!-- webhook-verify-recipe -->\s*```js\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('the README lost its verification recipe');
  const code = block[1].replace("const crypto = require('node:crypto');", '');
  return new Function('crypto', `${code}\nreturn verifySmsSignature;`)(require('node:crypto'));
}
const verify = readmeRecipe();

// Host names the service resolves through this table (the receiver's, a loopback alias, a rebinding one).
let rebindTo = '93.184.216.34';
const resolver: Resolver = async (host) => {
  const table: Record<string, string> = {
    'receiver.test': '127.0.0.1',
    'localtest.me': '127.0.0.1',
    localhost: '127.0.0.1',
    'rebind.test': rebindTo,
  };
  if (!table[host]) throw Object.assign(new Error(`no such host ${host}`), { code: 'ENOTFOUND' });
  return [{ address: table[host], family: 4 }];
};

const receiver = new WebhookReceiver();
const WEBHOOK_ENV: Record<string, string> = {
  WEBHOOK_ALLOWED_HOSTS: 'receiver.test', // and the receiver's own address:port, once it listens
  WEBHOOK_RETRY_BASE_MS: '100',
  WEBHOOK_RETRY_MAX_MS: '400',
  WEBHOOK_POLL_MS: '100',
  WEBHOOK_TIMEOUT_MS: '2000',
  WEBHOOK_GIVE_UP_AFTER_MS: '120000',
};
const h = new NotificationsHarness({ env: WEBHOOK_ENV, resolver });

// Its own database: the other notifications file of the run (same schema) would otherwise claim these
// deliveries with its own worker (no receiver.test, no allowed hosts) and this one its balance alerts.
const runDatabaseUrl = new URL(process.env.DATABASE_URL!);
const database = `${runDatabaseUrl.pathname.slice(1)}_webhooks`;
async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: runDatabaseUrl.toString() });
  await c.connect();
  await c.query(sql).finally(() => c.end());
}

beforeAll(async () => {
  await admin(`CREATE DATABASE "${database}"`);
  const own = new URL(runDatabaseUrl);
  own.pathname = `/${database}`;
  WEBHOOK_ENV.DATABASE_URL = own.toString();
  await receiver.start();
  WEBHOOK_ENV.WEBHOOK_ALLOWED_HOSTS = `receiver.test,127.0.0.1:${receiver.port}`;
  await h.start();
});
afterAll(async () => {
  await h.stop();
  await receiver.stop();
  await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
});

const url = (p: string) => `http://receiver.test:${receiver.port}${p}`;

async function createWebhook(actor: Actor, u: string, events: WebhookEventType[] = ['message.status']) {
  return h.rpc.send(NotificationsRpc.createWebhook, { actor, body: { url: u, events } });
}
async function deliveries(actor: Actor, webhookId: string) {
  return (
    await h.rpc.send(NotificationsRpc.listWebhookDeliveries, {
      actor,
      webhookId,
      page: { limit: 500 },
    })
  ).items;
}
async function statusChanged(actor: Actor, status: MessageStatusChangedData['status'], messageId = randomUUID()) {
  const data: MessageStatusChangedData = {
    messageId,
    campaignId: randomUUID(),
    accountId: actor.accountId,
    parentAccountId: actor.parentAccountId ?? null,
    status,
    at: new Date().toISOString(),
    errorCode: status === 'failed' ? '0x0000000B' : null,
  };
  const e = createEnvelope(MessagingEvents.messageStatusChanged, data, { accountId: actor.accountId });
  await h.publish(e);
  return e;
}
async function refused(p: Promise<unknown>): Promise<{ status: number; detail: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof RemoteProblemError)
      return { status: err.problem.status, detail: String(err.problem.errors?.[0]?.message ?? err.problem.detail) };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('webhooks: signed deliveries to a real receiver', () => {
  it('signs each delivery so that the README recipe verifies it, and only with the right secret and body', async () => {
    const a = h.account({ credits: 100 });
    const w = await createWebhook(a, url('/signed'));
    expect(w.secret).toMatch(/^whsec_/);
    expect(w.secretPrefix).toBe(w.secret.slice(0, 10));
    await statusChanged(a, 'sent'); // not a public status: nothing is sent for it
    const e = await statusChanged(a, 'delivered');
    await waitFor(() => receiver.at('/signed').length === 1, 60_000, 'the delivery');
    const [r] = receiver.at('/signed');
    expect(r.headers['sms-event-id']).toBe(e.id);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.json).toMatchObject({ id: e.id, type: 'message.status', accountId: a.accountId });
    expect(r.json.data).toEqual({
      messageId: e.data.messageId,
      campaignId: e.data.campaignId,
      status: 'delivered',
      at: e.data.at,
      errorCode: null,
    });
    const sig = String(r.headers['sms-signature']);
    expect(sig).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verify(r.raw, sig, w.secret)).toBe(true);
    expect(verify(r.raw, sig, `${w.secret}x`)).toBe(false);
    expect(verify(r.raw.replace('delivered', 'failed'), sig, w.secret)).toBe(false);
    expect(
      verify(
        r.raw,
        sig.replace(/t=(\d+)/, (_m, t: string) => `t=${Number(t) - 600}`),
        w.secret,
      ),
    ).toBe(false);
    await h.settle();
    const [d] = await deliveries(a, w.id);
    expect(d).toMatchObject({
      eventId: e.id,
      status: 'delivered',
      attempts: 1,
      responseStatus: 200,
      nextRetryAt: null,
    });
    expect(receiver.at('/signed')).toHaveLength(1);

    // A rotated secret signs the next delivery; the old one no longer verifies.
    const rotated = await h.rpc.send(NotificationsRpc.rotateWebhookSecret, {
      actor: a,
      webhookId: w.id,
    });
    expect(rotated.secret).not.toBe(w.secret);
    await statusChanged(a, 'failed');
    await waitFor(() => receiver.at('/signed').length === 2, 60_000, 'the second delivery');
    const second = receiver.at('/signed')[1];
    expect(verify(second.raw, String(second.headers['sms-signature']), rotated.secret)).toBe(true);
    expect(verify(second.raw, String(second.headers['sms-signature']), w.secret)).toBe(false);
  });

  it('retries 500 three times, then the 200 gets the same event once more (same event id), and no more', async () => {
    const a = h.account({ credits: 100 });
    receiver.on('/flaky', (_r, nth) => (nth <= 3 ? 500 : 200));
    const w = await createWebhook(a, url('/flaky'));
    const e = await statusChanged(a, 'expired');
    await waitFor(async () => (await deliveries(a, w.id))[0]?.status === 'delivered', 60_000, 'delivered');
    const got = receiver.at('/flaky');
    expect(got).toHaveLength(4);
    expect(new Set(got.map((r) => r.headers['sms-event-id']))).toEqual(new Set([e.id]));
    expect(got.map((r) => r.headers['sms-delivery-attempt'])).toEqual(['1', '2', '3', '4']);
    expect(got.every((r) => verify(r.raw, String(r.headers['sms-signature']), w.secret))).toBe(true);
    const [d] = await deliveries(a, w.id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 4, responseStatus: 200 });
  });

  it('honours Retry-After on 429', async () => {
    const a = h.account({ credits: 100 });
    receiver.on('/busy', (_r, nth) => (nth === 1 ? { status: 429, headers: { 'retry-after': '2' } } : 200));
    const w = await createWebhook(a, url('/busy'));
    await statusChanged(a, 'delivered');
    await waitFor(() => receiver.at('/busy').length === 2, 60_000, 'the retry');
    const [first, second] = receiver.at('/busy');
    expect(second.at - first.at).toBeGreaterThanOrEqual(1900);
    await waitFor(async () => (await deliveries(a, w.id))[0]?.status === 'delivered', 30_000, 'delivered');
  });

  it('stops at 410 and at 400, marks the webhook failing and mails the owner once', async () => {
    const a = h.account({ credits: 100 });
    receiver.on('/gone', () => 410);
    receiver.on('/bad', () => 400);
    const gone = await createWebhook(a, url('/gone'));
    const bad = await createWebhook(a, url('/bad'));
    await statusChanged(a, 'delivered');
    await statusChanged(a, 'cancelled');
    await waitFor(
      async () =>
        (await deliveries(a, gone.id)).concat(await deliveries(a, bad.id)).filter((d) => d.status === 'failed')
          .length === 4,
      60_000,
      'four failed deliveries',
    );
    expect(receiver.at('/gone')).toHaveLength(2);
    expect(receiver.at('/bad')).toHaveLength(2);
    for (const d of await deliveries(a, gone.id))
      expect(d).toMatchObject({ attempts: 1, responseStatus: 410, nextRetryAt: null });
    const view = await h.rpc.send(NotificationsRpc.getWebhook, { actor: a, webhookId: gone.id });
    expect(view.failing).toBe(true);
    const owner = h.fakes.accounts.get(a.accountId)!.email;
    // One mail per failing endpoint, however many deliveries were given up on.
    await waitFor(() => h.smtp.to(owner).length === 2, 30_000, 'the failing-webhook mails');
    await new Promise((r) => setTimeout(r, 1000));
    expect(h.smtp.to(owner)).toHaveLength(2);
    expect(h.smtp.to(owner)[0].subject).toMatch(/^Webhook non raggiungibile: http:\/\/receiver\.test/);

    // Redeliver: a new delivery of the same event (same id); the receiver now accepts it.
    receiver.on('/gone', () => 200);
    const [last] = await deliveries(a, gone.id);
    const redelivery = await h.rpc.send(NotificationsRpc.redeliverWebhook, {
      actor: a,
      webhookId: gone.id,
      deliveryId: last.id,
    });
    expect(redelivery.eventId).toBe(last.eventId);
    await waitFor(() => receiver.at('/gone').length === 3, 30_000, 'the redelivery');
    expect(receiver.at('/gone')[2].headers['sms-event-id']).toBe(last.eventId);
    await waitFor(
      async () => !(await h.rpc.send(NotificationsRpc.getWebhook, { actor: a, webhookId: gone.id })).failing,
      30_000,
      'failing cleared by the 2xx',
    );
  });

  it('delivers everything to a receiver that was down, in order per message and per sub-account', async () => {
    const down = new WebhookReceiver();
    await down.start();
    const port = down.port;
    await down.stop();
    const a = h.account({ credits: 100 });
    const w = await h.rpc.send(NotificationsRpc.createWebhook, {
      actor: a,
      body: {
        url: `http://receiver.test:${port}/hook`,
        events: ['message.status', 'sub-account.changed', 'invoice.paid'],
      },
    });
    const messages = Array.from({ length: 20 }, () => randomUUID());
    const first = await Promise.all(messages.map((m) => statusChanged(a, 'expired', m)));
    const sub = randomUUID();
    const changes: string[] = [];
    for (const [i, action] of (
      ['sub-account.create', 'sub-account.update', 'sub-account.credit', 'sub-account.deactivate'] as const
    ).entries()) {
      const data: AuditRecordedData = {
        accountId: a.accountId,
        subAccountId: sub,
        at: new Date(Date.now() + i).toISOString(),
        actor: { userId: randomUUID(), role: 'owner', accountId: a.accountId },
        action,
        target: { type: 'sub-account', id: sub },
        changes: { name: { from: `n${i}`, to: `n${i + 1}` } },
        requestId: randomUUID(),
        ip: '127.0.0.1',
      };
      const e = createEnvelope(AuditEvents.recorded, data, { accountId: a.accountId });
      changes.push(e.id);
      await h.publish(e);
    }
    const invoice: InvoicePaidData = {
      invoiceId: randomUUID(),
      invoiceNumber: '2026-000042',
      accountId: a.accountId,
      smsCount: 500,
      paidAt: new Date().toISOString(),
    };
    const paid = createEnvelope(BillingEvents.invoicePaid, invoice, { accountId: a.accountId });
    await h.publish(paid);
    // A message's later status arrives later (it is queued behind the first, which is being retried).
    await waitFor(async () => (await deliveries(a, w.id)).length === 25, 60_000, 'first events queued');
    const second = await Promise.all(messages.map((m) => statusChanged(a, 'delivered', m)));
    await waitFor(
      async () => (await deliveries(a, w.id)).filter((d) => d.attempts >= 2).length >= 5,
      60_000,
      'failed attempts while down',
    );
    const up = new WebhookReceiver();
    await up.start(port);
    try {
      await waitFor(
        async () => (await deliveries(a, w.id)).every((d) => d.status === 'delivered'),
        120_000,
        'all delivered',
      );
      const got = up.at('/hook');
      const ids = got.map((r) => r.json.id);
      expect(new Set(ids)).toEqual(new Set([...first, ...second].map((e) => e.id).concat(changes, paid.id)));
      for (const [i, m] of messages.entries()) {
        const seen = got.filter((r) => r.json.data.messageId === m).map((r) => r.json.id);
        expect(seen[0]).toBe(first[i].id);
        expect(seen[seen.length - 1]).toBe(second[i].id);
      }
      const subOrder = got.filter((r) => r.json.type === 'sub-account.changed').map((r) => r.json.data.change);
      expect(subOrder.filter((c, i) => i === 0 || c !== subOrder[i - 1])).toEqual([
        'created',
        'updated',
        'credited',
        'deactivated',
      ]);
      expect(got.every((r) => verify(r.raw, String(r.headers['sms-signature']), w.secret))).toBe(true);
      const invoiceBody = got.find((r) => r.json.type === 'invoice.paid')!;
      expect(invoiceBody.json.data).toEqual({
        invoiceId: invoice.invoiceId,
        number: '2026-000042',
        smsCount: 500,
        paidAt: invoice.paidAt,
      });
    } finally {
      await up.stop();
    }
  });

  it('sends balance.low at the alert crossing the detector finds, once', async () => {
    const a = h.account({ credits: 1000 });
    await h.rpc.send(NotificationsRpc.updateBalanceAlert, { actor: a, settings: { threshold: 100 } });
    const w = await createWebhook(a, url('/balance'), ['balance.low']);
    await h.changeBalance(a, 500, 150, 90, 50);
    await h.settle();
    await waitFor(async () => (await deliveries(a, w.id))[0]?.status === 'delivered', 30_000, 'balance.low delivered');
    const got = receiver.at('/balance').filter((r) => r.json.accountId === a.accountId);
    expect(got).toHaveLength(1);
    expect(got[0].json).toMatchObject({ type: 'balance.low', data: { balance: 90, threshold: 100 } });
  });

  it("gives an owner's webhook its sub-accounts' message statuses (with subAccountId), a sub-account only its own", async () => {
    const owner = h.account({ credits: 100 });
    const sub = (): Actor => ({
      userId: randomUUID(),
      accountId: randomUUID(),
      role: 'manager',
      parentAccountId: owner.accountId,
    });
    const [subA, subB] = [sub(), sub()];
    const ownerHook = await createWebhook(owner, url('/family/owner'));
    const hookA = await createWebhook(subA, url('/family/a'));
    const hookB = await createWebhook(subB, url('/family/b'));
    const ofA = await statusChanged(subA, 'delivered');
    const own = await statusChanged(owner, 'failed');
    await waitFor(() => receiver.at('/family/owner').length === 2, 60_000, "the owner's two deliveries");
    await waitFor(() => receiver.at('/family/a').length === 1, 60_000, "sub-account A's delivery");
    const byId = new Map(receiver.at('/family/owner').map((r) => [r.json.id, r]));
    expect(byId.get(ofA.id)!.json).toMatchObject({
      type: 'message.status',
      accountId: owner.accountId,
      subAccountId: subA.accountId,
      data: { messageId: ofA.data.messageId, status: 'delivered' },
    });
    expect(byId.get(own.id)!.json).toMatchObject({ accountId: owner.accountId, subAccountId: null });
    for (const r of byId.values())
      expect(verify(r.raw, String(r.headers['sms-signature']), ownerHook.secret)).toBe(true);
    const [atA] = receiver.at('/family/a');
    expect(atA.json).toMatchObject({ id: ofA.id, accountId: subA.accountId, subAccountId: subA.accountId });
    expect(verify(atA.raw, String(atA.headers['sms-signature']), hookA.secret)).toBe(true);
    // B's own event proves its webhook works; A's and the owner's never reached it.
    const ofB = await statusChanged(subB, 'expired');
    await waitFor(() => receiver.at('/family/b').length >= 1, 60_000, "sub-account B's own delivery");
    await h.settle();
    await waitFor(
      async () => (await deliveries(subB, hookB.id)).every((d) => d.status === 'delivered'),
      30_000,
      "B's queue drained",
    );
    expect(receiver.at('/family/b').map((r) => r.json.id)).toEqual([ofB.id]);
    expect((await deliveries(subB, hookB.id)).map((d) => d.eventId)).toEqual([ofB.id]);
    expect((await deliveries(subA, hookA.id)).map((d) => d.eventId)).toEqual([ofA.id]);
  });

  it('fans a batch status event out as one message.status per final change, each under its own stable id', async () => {
    const owner = h.account({ credits: 100 });
    const sub: Actor = {
      userId: randomUUID(),
      accountId: randomUUID(),
      role: 'manager',
      parentAccountId: owner.accountId,
    };
    const hook = await createWebhook(owner, url('/batch'));
    const at = new Date().toISOString();
    const [sent, delivered, failed] = [randomUUID(), randomUUID(), randomUUID()];
    const campaignId = randomUUID();
    const data: MessageStatusesChangedData = {
      accountId: sub.accountId,
      parentAccountId: owner.accountId,
      changes: [
        { messageId: sent, campaignId, status: 'sent', at, errorCode: null }, // not public: nothing sent
        { messageId: delivered, campaignId, status: 'delivered', at, errorCode: null },
        { messageId: failed, campaignId, status: 'failed', at, errorCode: 'UNDELIV:001' },
      ],
    };
    const e = createEnvelope(MessagingEvents.messageStatusesChanged, data, { accountId: sub.accountId });
    await h.publish(e);
    await waitFor(() => receiver.at('/batch').length === 2, 60_000, 'the two final statuses');
    const byMessage = new Map(receiver.at('/batch').map((r) => [r.json.data?.messageId, r]));
    expect(byMessage.get(delivered)!.json).toMatchObject({
      id: statusChangeEventId(e.id, delivered),
      type: 'message.status',
      accountId: owner.accountId,
      subAccountId: sub.accountId,
      data: { messageId: delivered, campaignId, status: 'delivered', at, errorCode: null },
    });
    expect(byMessage.get(failed)!.json).toMatchObject({
      id: statusChangeEventId(e.id, failed),
      data: { messageId: failed, status: 'failed', errorCode: 'UNDELIV:001' },
    });
    expect(byMessage.get(failed)!.headers['sms-event-id']).toBe(statusChangeEventId(e.id, failed));
    for (const r of byMessage.values())
      expect(verify(r.raw, String(r.headers['sms-signature']), hook.secret)).toBe(true);
    await waitFor(
      async () => (await deliveries(owner, hook.id)).every((d) => d.status === 'delivered'),
      30_000,
      'the queue drained',
    );
    expect((await deliveries(owner, hook.id)).map((d) => d.eventId).sort()).toEqual(
      [statusChangeEventId(e.id, delivered), statusChangeEventId(e.id, failed)].sort(),
    );
  });

  it('sends inbound.received for a reply routed to the account', async () => {
    const a = h.account({ credits: 100 });
    const w = await createWebhook(a, url('/inbound'), ['inbound.received']);
    const data: InboundReceivedData = {
      inboundId: randomUUID(),
      accountId: a.accountId,
      parentAccountId: null,
      from: '+393331234567',
      to: '+393909000000',
      text: 'STOP',
      receivedAt: new Date().toISOString(),
      stop: true,
    };
    const e = createEnvelope(MessagingEvents.inboundReceived, data, { accountId: a.accountId });
    await h.publish(e);
    await waitFor(() => receiver.at('/inbound').length === 1, 60_000, 'inbound.received');
    const [r] = receiver.at('/inbound');
    expect(r.json).toMatchObject({ id: e.id, type: 'inbound.received', accountId: a.accountId });
    expect(r.json.data).toEqual({
      id: data.inboundId,
      from: data.from,
      to: data.to,
      text: 'STOP',
      receivedAt: data.receivedAt,
      stop: true,
    });
    expect(verify(r.raw, String(r.headers['sms-signature']), w.secret)).toBe(true);
  });

  it('refuses loopback, private, link-local and metadata URLs at creation', async () => {
    const a = h.account({ credits: 100 });
    for (const bad of [
      'https://127.0.0.1/hook',
      'https://10.1.2.3/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hook',
      'https://localtest.me/hook',
      'https://localhost/hook',
      `http://203.0.113.10/hook`,
    ]) {
      const r = await refused(createWebhook(a, bad));
      expect([bad, r.status]).toEqual([bad, 400]);
    }
    const w = await createWebhook(a, 'https://rebind.test/hook');
    const r = await refused(
      h.rpc.send(NotificationsRpc.updateWebhook, {
        actor: a,
        webhookId: w.id,
        body: { url: 'https://10.0.0.1/x' },
      }),
    );
    expect(r.status).toBe(400);
    const list = await h.rpc.send(NotificationsRpc.listWebhooks, { actor: a, page: {} });
    expect(list.items.map((i) => i.url)).toEqual(['https://rebind.test/hook']);
  });

  it('refuses them again at delivery: a name rebound to loopback, or a stored private address, is never connected to', async () => {
    const a = h.account({ credits: 100 });
    rebindTo = '93.184.216.34';
    const rebound = await createWebhook(a, 'https://rebind.test/hook');
    const stored: string[] = [];
    for (const target of ['https://10.0.0.7/hook', 'https://169.254.169.254/latest', 'https://127.0.0.1/x']) {
      // Written straight to the table, as if the check at creation had been passed somehow.
      const w = await createWebhook(a, 'https://rebind.test/other');
      await h.ds.query(`UPDATE notifications.webhooks SET url = $2 WHERE id = $1`, [w.id, target]);
      stored.push(w.id);
    }
    rebindTo = '127.0.0.1';
    const before = receiver.received.length;
    await statusChanged(a, 'delivered');
    for (const id of [rebound.id, ...stored]) {
      await waitFor(async () => (await deliveries(a, id))[0]?.status === 'failed', 60_000, 'refused at delivery');
      const [d] = await deliveries(a, id);
      expect(d).toMatchObject({ attempts: 1, responseStatus: null });
      expect(d.error).toMatch(/resolves to .*(loopback|private)/);
    }
    expect(receiver.received.length).toBe(before);
    rebindTo = '93.184.216.34';
  });

  it('loses nothing when the worker process is killed mid-delivery (same event id delivered after the lease)', async () => {
    receiver.on('/slow', (_r, nth) => (nth === 1 ? 'hang' : 200));
    // The kill test runs the compiled service as its own process; the in-process one steps aside.
    await h.stopApp();
    const stack = new AppStack(
      { ...h.serviceEnv, LOG_LEVEL: 'warn' },
      path.join(REPO_ROOT, 'tmp/test-logs', `webhooks-kill-${Date.now()}`),
    );
    const a = h.account({ credits: 100 });
    let w: CreatedWebhook;
    try {
      stack.spawn('notifications');
      await waitFor(
        async () =>
          h.rpc.send(healthPing('notifications'), {}, 1000).then(
            () => true,
            () => false,
          ),
        120_000,
        'the notifications process',
      );
      w = await createWebhook(a, `http://127.0.0.1:${receiver.port}/slow`);
      await statusChanged(a, 'delivered');
      await waitFor(() => receiver.at('/slow').length === 1, 60_000, 'the delivery in flight');
      await stack.stopApp('notifications', 'SIGKILL');
    } finally {
      await stack.stop();
    }
    await h.startApp();
    await waitFor(() => receiver.at('/slow').length === 2, 120_000, 'the delivery after the lease');
    const [first, again] = receiver.at('/slow');
    expect(again.headers['sms-event-id']).toBe(first.headers['sms-event-id']);
    await waitFor(async () => (await deliveries(a, w.id))[0]?.status === 'delivered', 30_000, 'recorded');
    expect((await deliveries(a, w.id))[0].attempts).toBe(2);
  });
});
