import { testNatsPrefix, eventually } from '@sms/testing';
import { INestMicroservice } from '@nestjs/common';
import { loadEnv } from '@sms/config';
import {
  Actor,
  CampaignPage,
  MessagingEvents,
  MessagingRpc,
  Problem,
  RemoteProblemError,
  SendSmsResult,
  WalletRpc,
  SendSmsCommand,
} from '@sms/contracts';
import { eventsStreamName } from '@sms/events';
import { createServiceApp, RpcClient, connectWhenReachable } from '@sms/nats';
import { natsAuthOptions } from '@sms/nats-auth';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { CarrierPort, OutboundSms } from '../carriers/carrier.port';
import { CARRIER } from '../carriers/throttled-carrier';
import { MessagingEnv } from '../messaging-env';
import { MessagingModule } from '../messaging.module';
import { FakeResponder, FakeWallet, installFakeIdentity } from '../testing/fake-services';

const natsUrl = process.env.NATS_URL!;
const owner = (): Actor => ({ userId: randomUUID(), accountId: randomUUID(), role: 'owner' });
const managerOf = (parent: Actor): Actor => ({
  userId: randomUUID(),
  accountId: randomUUID(),
  role: 'manager',
  parentAccountId: parent.accountId,
});
const numbers = (n: number, base: number) =>
  Array.from({ length: n }, (_, i) => `+39333${String(base + i).padStart(7, '0')}`);

const problemOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof RemoteProblemError ? e.problem : e),
  );

describe('campaigns: cancellation, deactivation racing the dispatcher, the campaign list', () => {
  let app: INestMicroservice;
  let rpc: RpcClient;
  let fakes: FakeResponder;
  let ds: DataSource;
  const wallet = new FakeWallet();
  /** sub-account id → owner account id, for the wallet's getSubAccount. */
  const subAccounts = new Map<string, string>();
  /** Every message id this process's carrier took, in order. */
  const handed: string[] = [];
  // Its own database: another file's messaging (same run, same schema) would otherwise claim
  // these messages with its own dispatcher and settle them with its own fake wallet.
  const runDatabaseUrl = new URL(process.env.DATABASE_URL!);
  // The run's database is a test database (sms_int_test_…): this one is named after it.
  const database = `${runDatabaseUrl.pathname.slice(1)}_campaigns`;
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: runDatabaseUrl.toString() });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };

  const send = (actor: Actor, sms: object) => rpc.send(MessagingRpc.send, { actor, sms } as SendSmsCommand);
  const setActive = (accountId: string, active: boolean) =>
    rpc.send(MessagingRpc.setSendingActive, { accountId, active });
  const cancel = (actor: Actor, campaignId: string) => rpc.send(MessagingRpc.cancelCampaign, { actor, campaignId });
  const getCampaign = (actor: Actor, campaignId: string) => rpc.send(MessagingRpc.getCampaign, { actor, campaignId });
  const list = (actor: Actor, query: object) => rpc.send(MessagingRpc.listCampaigns, { actor, query });
  const messagesOf = (accountId: string): Promise<{ id: string; status: string; refund: string }[]> =>
    ds.query(
      `SELECT m.id, m.status, m.refund_state AS refund FROM messaging.messages m
         JOIN messaging.campaigns c ON c.id = m.campaign_id WHERE c.account_id = $1`,
      [accountId],
    );
  const refundedOf = (accountId: string) =>
    [...wallet.refunds.values()]
      .filter((r) => wallet.reservations.get(r.reservationId)?.accountId === accountId)
      .reduce((sum, r) => sum + r.credits, 0);

  const ownDatabase = async () => {
    await admin(`CREATE DATABASE "${database}"`);
    const url = new URL(runDatabaseUrl);
    url.pathname = `/${database}`;
    return url.toString();
  };

  beforeAll(async () => {
    fakes = await FakeResponder.connect(natsUrl);
    wallet.install(fakes);
    installFakeIdentity(fakes, new Map());
    fakes.on(WalletRpc.getSubAccount, (d) => {
      const actor = d.actor as Actor;
      if (subAccounts.get(d.subAccountId as string) !== actor.accountId) {
        const problem: Problem = {
          status: 404,
          title: 'Not Found',
          detail: 'Sub-account not found.',
          code: 'not-found',
        };
        throw problem;
      }
      return { id: d.subAccountId };
    });
    const env = loadEnv(MessagingEnv, {
      ...process.env,
      DATABASE_URL: await ownDatabase(),
      // A slow carrier and small batches: the deactivation lands while batches are in flight.
      CARRIER_MAX_SUBMITS_PER_SECOND: '150',
      CARRIER_BURST: '5',
      DISPATCH_BATCH_SIZE: '20',
      SIM_DLR_DELAY_MS: '20',
      DISPATCH_POLL_MS: '20',
      SETTLEMENT_POLL_MS: '50',
      NATS_REQUEST_TIMEOUT_MS: '20000',
      LOG_LEVEL: 'warn',
    });
    app = await createServiceApp({
      natsPrefix: testNatsPrefix(),
      service: 'messaging',
      module: MessagingModule.register(env),
      natsUrl,
      logLevel: 'warn',
    });
    const carrier = app.get<CarrierPort>(CARRIER);
    const submit = carrier.submit.bind(carrier);
    carrier.submit = async (msg: OutboundSms) => {
      const result = await submit(msg);
      handed.push(msg.messageId);
      return result;
    };
    await app.listen();
    ds = app.get(DataSource);
    rpc = new RpcClient({ prefix: testNatsPrefix(), natsUrl, timeoutMs: 30_000, name: 'campaigns-int' });
    await rpc.connect();
  });

  afterAll(async () => {
    await rpc?.close();
    await app?.close();
    await fakes?.close();
    const nc = await connectWhenReachable({ servers: natsUrl, ...natsAuthOptions() });
    await (await nc.jetstreamManager()).streams.delete(eventsStreamName(testNatsPrefix())).catch(() => undefined);
    await nc.close();
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  it('deactivation during dispatch: each message is handed to the carrier or cancelled and refunded, never both', async () => {
    const parent = owner();
    const sub = managerOf(parent);
    wallet.balances.set(sub.accountId, 1000);
    const now = await send(sub, { to: numbers(300, 1000), text: 'going out now' });
    const later = await send(sub, {
      to: numbers(50, 5000),
      text: 'scheduled',
      scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    const ids = new Set((await messagesOf(sub.accountId)).map((m) => m.id));
    expect(ids.size).toBe(350);
    // Positive signal that the dispatcher is mid-campaign before deactivating.
    await eventually('30 messages handed to the carrier', async () => handed.filter((id) => ids.has(id)).length >= 30);

    const result = await setActive(sub.accountId, false);
    const returnedAt = new Date();

    // On return, nothing of the account is left queued: each row is committed sent (or on) or cancelled.
    const after = await messagesOf(sub.accountId);
    expect(after.filter((m) => m.status === 'queued')).toEqual([]);
    const cancelled = new Set(after.filter((m) => m.status === 'cancelled').map((m) => m.id));
    expect(result.cancelledMessages).toBe(cancelled.size);
    expect(cancelled.size).toBeGreaterThanOrEqual(50); // the scheduled campaign at least
    expect(cancelled.size).toBeLessThan(350 - 30 + 1);

    // Nothing of the account reaches the carrier afterwards: another account's campaign goes out in full.
    const other = owner();
    wallet.balances.set(other.accountId, 100);
    const probe = await send(other, { to: numbers(40, 9000), text: 'probe' });
    await eventually('the probe campaign handed over', async () => {
      const rows: { n: number }[] = await ds.query(
        `SELECT count(*)::int AS n FROM messaging.messages WHERE campaign_id = $1 AND status <> 'queued'`,
        [probe.campaignId],
      );
      return rows[0].n === 40;
    });
    const handedOfSub = handed.filter((id) => ids.has(id));
    expect(new Set(handedOfSub).size).toBe(handedOfSub.length); // never twice
    expect(handedOfSub.filter((id) => cancelled.has(id))).toEqual([]); // never both
    expect(handedOfSub.length + cancelled.size).toBe(350); // one or the other
    const rows: { cancelled: boolean; sent: boolean; late: boolean }[] = await ds.query(
      `SELECT m.status = 'cancelled' AS cancelled, m.sent_at IS NOT NULL AS sent, m.sent_at > $2 AS late
         FROM messaging.messages m JOIN messaging.campaigns c ON c.id = m.campaign_id WHERE c.account_id = $1`,
      [sub.accountId, returnedAt],
    );
    expect(rows).toHaveLength(350);
    expect(rows.every((r) => r.cancelled !== r.sent && !r.late)).toBe(true);

    // Credits: every cancelled message refunded once, through the reservation; the balance adds up.
    await eventually('refunds done', async () =>
      (await messagesOf(sub.accountId)).filter((m) => m.status === 'cancelled').every((m) => m.refund === 'done'),
    );
    expect(wallet.settled.has(now.campaignId) && wallet.settled.has(later.campaignId)).toBe(true);
    expect(refundedOf(sub.accountId)).toBe(cancelled.size);
    expect(wallet.balances.get(sub.accountId)).toBe(1000 - 350 + cancelled.size);
    const laterView = await getCampaign(sub, later.campaignId);
    expect(laterView.counts).toEqual({ cancelled: 50 });
    expect(laterView.cancelledAt).not.toBeNull();

    // Deactivated: a campaign is refused (its reservation given back); reactivated, it sends again.
    await expect(problemOf(send(sub, { to: numbers(1, 7000), text: 'after' }))).resolves.toMatchObject({
      status: 422,
      code: 'sub-account-inactive',
    });
    expect(wallet.balances.get(sub.accountId)).toBe(1000 - 350 + cancelled.size);
    await expect(setActive(sub.accountId, false)).resolves.toMatchObject({ cancelledMessages: 0 });
    await setActive(sub.accountId, true);
    await expect(send(sub, { to: numbers(1, 7000), text: 'back' })).resolves.toMatchObject({ recipients: 1 });
  }, 120_000);

  it('a campaign stored while the deactivation runs is cancelled by it, or refused and refunded', async () => {
    const sub = managerOf(owner());
    wallet.balances.set(sub.accountId, 1000);
    const inFuture = new Date(Date.now() + 3_600_000).toISOString();
    const sends = Array.from({ length: 20 }, (_, i) =>
      problemOf(send(sub, { to: numbers(5, 100 * i), text: `race ${i}`, scheduledAt: inFuture })),
    );
    await eventually('a first campaign stored', async () => (await messagesOf(sub.accountId)).length > 0);
    await setActive(sub.accountId, false);
    const outcomes = await Promise.all(sends);
    expect(outcomes.length).toBe(20);
    expect(outcomes.every((o) => o === undefined || (o as Problem).code === 'sub-account-inactive')).toBe(true);

    const rows = await messagesOf(sub.accountId);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((m) => m.status === 'cancelled')).toBe(true);
    await eventually('all refunded', async () => (await messagesOf(sub.accountId)).every((m) => m.refund === 'done'));
    await eventually('the balance whole again', async () => wallet.balances.get(sub.accountId) === 1000);
  }, 60_000);

  it('DELETE: cancels an untouched campaign once (credits back), 409 once sending began, 404 for others', async () => {
    const parent = owner();
    const sub = managerOf(parent);
    subAccounts.set(sub.accountId, parent.accountId);
    wallet.balances.set(sub.accountId, 100);
    const scheduled = await send(sub, {
      to: numbers(3, 200),
      text: 'a'.repeat(161),
      scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(wallet.balances.get(sub.accountId)).toBe(94);

    await expect(problemOf(cancel(owner(), scheduled.campaignId))).resolves.toMatchObject({ status: 404 });
    await expect(problemOf(cancel(managerOf(parent), scheduled.campaignId))).resolves.toMatchObject({ status: 404 });
    await expect(problemOf(cancel(sub, randomUUID()))).resolves.toMatchObject({ status: 404 });
    expect((await getCampaign(sub, scheduled.campaignId)).counts).toEqual({ queued: 3 });

    // The owner acts on its sub-account's campaign; a repeat changes nothing.
    await expect(cancel(parent, scheduled.campaignId)).resolves.toEqual({ cancelled: true });
    await expect(cancel(sub, scheduled.campaignId)).resolves.toEqual({ cancelled: true });
    await eventually('credits back', async () => wallet.balances.get(sub.accountId) === 100);
    expect((await getCampaign(sub, scheduled.campaignId)).counts).toEqual({ cancelled: 3 });
    const events: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM messaging.outbox o, jsonb_array_elements(o.payload->'data'->'changes') c
        WHERE o.type = $2 AND c->>'campaignId' = $1 AND c->>'status' = 'cancelled'`,
      [scheduled.campaignId, MessagingEvents.messageStatusesChanged.type],
    );
    expect(events[0].n).toBe(3);

    const sent = await send(sub, { to: numbers(2, 300), text: 'now' });
    await eventually('handed over', async () => {
      const view = await getCampaign(sub, sent.campaignId);
      return !view.counts.queued;
    });
    await expect(problemOf(cancel(sub, sent.campaignId))).resolves.toMatchObject({
      status: 409,
      code: 'campaign-sending-started',
    });
    const view = await getCampaign(sub, sent.campaignId);
    expect(view.counts.cancelled).toBeUndefined();
    expect(view.cancelledAt).toBeNull();
  }, 60_000);

  it('lists campaigns newest first, by keyset, with day bounds in the time zone, scoped to the caller', async () => {
    const parent = owner();
    const sub = managerOf(parent);
    subAccounts.set(sub.accountId, parent.accountId);
    wallet.balances.set(sub.accountId, 100);
    const sched = new Date(Date.now() + 3_600_000).toISOString();
    const made: SendSmsResult[] = [];
    for (const i of [0, 1, 2])
      made.push(await send(sub, { to: numbers(i + 1, 400 + 10 * i), text: `c${i}`, scheduledAt: sched }));
    // 2026-05-01T22:30Z is 2 May in Rome (00:30) and 1 May in UTC.
    await ds.query(`UPDATE messaging.campaigns SET created_at = $2 WHERE id = $1`, [
      made[0].campaignId,
      '2026-05-01T22:30:00Z',
    ]);
    await ds.query(`UPDATE messaging.campaigns SET created_at = $2 WHERE id = $1`, [
      made[1].campaignId,
      '2026-05-03T10:00:00Z',
    ]);

    const first = await list(sub, { limit: 2 });
    expect(first.items.map((c) => c.id)).toEqual([made[2].campaignId, made[1].campaignId]);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(sub, { limit: 2, cursor: first.nextCursor });
    expect(second).toEqual({ items: [expect.objectContaining({ id: made[0].campaignId })], nextCursor: null });
    expect(second.items[0]).toEqual({
      id: made[0].campaignId,
      accountId: sub.accountId,
      submittedAt: '2026-05-01T22:30:00.000Z',
      scheduledAt: sched,
      cancelledAt: null,
      sender: new MessagingEnv().SHARED_NUMBER, // no sender named: the platform's shared number
      recipients: 1,
      segments: 1,
      creditsCharged: 1,
      counts: { queued: 1 },
    });

    const ids = (p: CampaignPage) => p.items.map((c) => c.id);
    expect(ids(await list(sub, { from: '2026-05-02', to: '2026-05-02' }))).toEqual([made[0].campaignId]);
    expect(ids(await list(sub, { from: '2026-05-02', to: '2026-05-02', timeZone: 'UTC' }))).toEqual([]);
    expect(ids(await list(sub, { from: '2026-05-01', to: '2026-05-01', timeZone: 'UTC' }))).toEqual([
      made[0].campaignId,
    ]);
    expect(ids(await list(sub, { from: '2026-05-01T00:00:00Z', to: '2026-05-31' }))).toEqual([
      made[1].campaignId,
      made[0].campaignId,
    ]);
    await expect(problemOf(list(sub, { from: '2026-05-03', to: '2026-05-02' }))).resolves.toMatchObject({
      status: 400,
    });
    await expect(problemOf(list(sub, { cursor: 'bm90LWEtY3Vyc29y' }))).resolves.toMatchObject({ status: 400 });

    // Owner: its own list is empty, its sub-account's by subAccountId; others get 404s.
    expect((await list(parent, {})).items).toEqual([]);
    expect(ids(await list(parent, { subAccountId: sub.accountId }))).toHaveLength(3);
    await expect(problemOf(list(owner(), { subAccountId: sub.accountId }))).resolves.toMatchObject({ status: 404 });
    await expect(problemOf(list(managerOf(parent), { subAccountId: sub.accountId }))).resolves.toMatchObject({
      status: 404,
    });
    expect(ids(await list(sub, { subAccountId: sub.accountId }))).toHaveLength(3);
    await expect(getCampaign(parent, made[1].campaignId)).resolves.toMatchObject({ recipients: 2 });
    await expect(problemOf(getCampaign(owner(), made[1].campaignId))).resolves.toMatchObject({ status: 404 });
  }, 60_000);
});
