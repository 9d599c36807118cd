import { FakeResponder, testNatsPrefix, eventually } from '@sms/testing';
import { INestMicroservice } from '@nestjs/common';
import { loadEnv } from '@sms/config';
import { Actor, AuditEvents, AuditRecordedData, RemoteProblemError, ReportingRpc, WalletRpc } from '@sms/contracts';
import { createEnvelope, eventSubject, eventsStreamName } from '@sms/events';
import { createServiceApp, RpcClient, connectWhenReachable } from '@sms/nats';
import { natsAuthOptions } from '@sms/nats-auth';
import { NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ReportingEnv } from '../reporting-env';
import { ReportingModule } from '../reporting.module';

const natsUrl = process.env.NATS_URL!;

describe('audit log chain (PostgreSQL + JetStream)', () => {
  let app: INestMicroservice;
  let rpc: RpcClient;
  let nc: NatsConnection;
  let fakes: FakeResponder;
  const owner: Actor = { userId: randomUUID(), accountId: randomUUID(), role: 'owner' };
  const sub = randomUUID();
  const manager: Actor = { userId: randomUUID(), accountId: sub, role: 'manager', parentAccountId: owner.accountId };
  const other: Actor = { userId: randomUUID(), accountId: randomUUID(), role: 'owner' };

  const entry = (actor: Actor, action: AuditRecordedData['action'], over: Partial<AuditRecordedData> = {}) => {
    const data: AuditRecordedData = {
      accountId: actor.role === 'owner' ? actor.accountId : actor.parentAccountId!,
      subAccountId: actor.role === 'manager' ? actor.accountId : null,
      at: new Date().toISOString(),
      actor: { userId: actor.userId, role: actor.role, accountId: actor.accountId },
      action,
      target: { type: 'account', id: actor.accountId },
      requestId: randomUUID(),
      ip: '127.0.0.1',
      ...over,
    };
    return createEnvelope(AuditEvents.recorded, data, { accountId: data.accountId });
  };
  const publish = async (e: ReturnType<typeof entry>, msgID = e.id) => {
    await nc
      .jetstream()
      .publish(eventSubject(e.type, testNatsPrefix()), new TextEncoder().encode(JSON.stringify(e)), { msgID });
  };
  const list = (actor: Actor, query: object = {}) =>
    rpc.send(ReportingRpc.auditLog, { actor, query: { limit: 500, ...query } });
  const verify = (actor: Actor) => rpc.send(ReportingRpc.auditVerify, { actor });

  beforeAll(async () => {
    nc = await connectWhenReachable({ servers: natsUrl, ...natsAuthOptions() });
    fakes = await FakeResponder.connect(natsUrl);
    fakes.on(WalletRpc.getSubAccount, (q) => {
      if (q.actor.accountId === owner.accountId && q.subAccountId === sub) return { id: sub };
      throw { status: 404, title: 'Not Found', detail: 'Sub-account not found.' };
    });
    await fakes.ready();
    const env = loadEnv(ReportingEnv, { ...process.env, LOG_LEVEL: 'warn' });
    app = await createServiceApp({
      natsPrefix: testNatsPrefix(),
      service: 'reporting',
      module: ReportingModule.register(env),
      natsUrl,
      logLevel: 'warn',
    });
    await app.listen();
    rpc = new RpcClient({ prefix: testNatsPrefix(), natsUrl, timeoutMs: 10_000, name: 'audit-int' });
    await rpc.connect();
  });

  afterAll(async () => {
    await fakes?.close();
    await rpc?.close();
    await app?.close();
    await (await nc.jetstreamManager()).streams.delete(eventsStreamName(testNatsPrefix())).catch(() => undefined);
    await nc.drain();
  });

  const events: ReturnType<typeof entry>[] = [];

  it('appends each event once, in one chain per account, and scopes the reads', async () => {
    events.push(
      entry(owner, 'account.billing.update', { changes: { city: { from: 'Roma', to: 'Milano' } } }),
      entry(owner, 'sub-account.credit', {
        subAccountId: sub,
        target: { type: 'sub-account', id: sub },
        changes: { credits: { from: null, to: 5 } },
      }),
      entry(manager, 'account.sender.update', { changes: { defaultSender: { from: null, to: 'SHOP' } } }),
      entry(owner, 'account.password.change'),
      entry(other, 'account.contact.update'),
    );
    for (const e of events) await publish(e);
    // A retried request: same entry id past JetStream's dedup (another Nats-Msg-Id) → the inbox drops it.
    await publish(events[1], randomUUID());
    await publish(entry(owner, 'invoice.pay', { target: { type: 'invoice', id: randomUUID() } }));
    await eventually('five entries in the owner chain', async () => (await list(owner)).items.length === 5);
    await eventually('the other account', async () => (await list(other)).items.length === 1);

    const all = (await list(owner)).items;
    // Newest first: the chain's order is the stream's (one consumer, one event at a time).
    expect(all.map((e) => e.action)).toEqual([
      'invoice.pay',
      'account.password.change',
      'account.sender.update',
      'sub-account.credit',
      'account.billing.update',
    ]);
    expect(all.filter((e) => e.id === events[1].id)).toHaveLength(1);
    const credit = all.find((e) => e.id === events[1].id)!;
    expect(credit).toEqual({
      id: events[1].id,
      at: events[1].data.at,
      actor: { userId: owner.userId, role: 'owner', accountId: owner.accountId },
      action: 'sub-account.credit',
      target: { type: 'sub-account', id: sub },
      subAccountId: sub,
      changes: { credits: { from: null, to: 5 } },
      requestId: events[1].data.requestId,
      ip: '127.0.0.1',
    });
    // The manager sees what concerned its sub-account, in its owner's chain, and no one else's.
    const mine = (await list(manager)).items;
    expect(mine.map((e) => e.id).sort()).toEqual([events[1].id, events[2].id].sort());
    expect((await list(other)).items.map((e) => e.id)).toEqual([events[4].id]);
    // Filters.
    expect((await list(owner, { subAccountId: sub })).items).toHaveLength(2);
    expect((await list(owner, { actor: manager.userId })).items.map((e) => e.id)).toEqual([events[2].id]);
    expect((await list(owner, { action: 'account.password.change' })).items.map((e) => e.id)).toEqual([events[3].id]);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date());
    expect((await list(owner, { from: today, to: today })).items).toHaveLength(5);
    expect((await list(owner, { to: '2020-01-01' })).items).toEqual([]);
    // Keyset pages: every entry once, newest first.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(owner, { limit: 4, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.id));
    // Scope refusals and bad input.
    for (const [actor, subAccountId] of [
      [other, sub],
      [manager, sub],
    ] as const) {
      const err = await list(actor, { subAccountId }).catch((e: unknown) => e);
      expect((err as RemoteProblemError).problem).toMatchObject({ status: 404 });
    }
    for (const query of [
      { cursor: 'abc' },
      { from: '2026-05-02', to: '2026-05-01' },
      { from: '2026-02-30' },
      { action: 'x' },
    ]) {
      const err = await list(owner, query).catch((e: unknown) => e);
      expect((err as RemoteProblemError).problem).toMatchObject({ status: 400 });
    }
  });

  it('verifies the chain, and finds an entry edited in PostgreSQL', async () => {
    await expect(verify(owner)).resolves.toEqual({ intact: true, entries: 5 });
    await expect(verify(other)).resolves.toEqual({ intact: true, entries: 1 });
    const err = await verify(manager).catch((e: unknown) => e);
    expect((err as RemoteProblemError).problem).toMatchObject({ status: 403 });

    const ds = app.get(DataSource);
    const [third] = await ds.query(`SELECT id FROM reporting.audit_log WHERE account_id = $1 AND seq = 3`, [
      owner.accountId,
    ]);
    await ds.query(
      `UPDATE reporting.audit_log SET changes = '{"defaultSender":{"from":null,"to":"EVIL"}}' WHERE id = $1`,
      [third.id],
    );
    await expect(verify(owner)).resolves.toEqual({ intact: false, brokenAt: third.id, entries: 2 });
    // Forging that row's hash does not hide it; deleting the row breaks the chain at the next one.
    const [fourth] = await ds.query(`SELECT id FROM reporting.audit_log WHERE account_id = $1 AND seq = 4`, [
      owner.accountId,
    ]);
    await ds.query(`UPDATE reporting.audit_log SET hash = repeat('a', 64) WHERE id = $1`, [third.id]);
    await expect(verify(owner)).resolves.toMatchObject({ intact: false, brokenAt: third.id });
    await ds.query(`DELETE FROM reporting.audit_log WHERE id = $1`, [third.id]);
    await expect(verify(owner)).resolves.toEqual({ intact: false, brokenAt: fourth.id, entries: 2 });
    await expect(verify(other)).resolves.toEqual({ intact: true, entries: 1 });
  });
});
