import { FakeResponder, testNatsPrefix, eventually } from '@sms/testing';
import { INestMicroservice } from '@nestjs/common';
import { loadEnv } from '@sms/config';
import {
  Actor,
  IdentityRpc,
  MessageStatusChangedData,
  MessageSubmittedData,
  MessagingEvents,
  RemoteProblemError,
  ReportingRpc,
  WalletRpc,
  AnyEvent,
} from '@sms/contracts';
import { createEnvelope, EventEnvelope, eventSubject, eventsStreamName, natsNameToken } from '@sms/events';
import { createServiceApp, RpcClient, connectWhenReachable } from '@sms/nats';
import * as ExcelJS from 'exceljs';
import { natsAuthOptions } from '@sms/nats-auth';
import { NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ReportingEnv } from '../reporting-env';
import { ReportingModule } from '../reporting.module';

const natsUrl = process.env.NATS_URL!;
const actorOf = (accountId: string, role: 'owner' | 'manager' = 'owner'): Actor => ({
  userId: randomUUID(),
  accountId,
  role,
});

/** A fake service answering one subject the way @sms/nats replies. */
describe('usage summary from the rollups (PostgreSQL + JetStream)', () => {
  let app: INestMicroservice;
  let rpc: RpcClient;
  let nc: NatsConnection;
  let fakes: FakeResponder;
  const owner = randomUUID();
  const sub = randomUUID();
  const stranger = randomUUID();
  const sent: EventEnvelope[] = [];

  const publish = async ({ type }: AnyEvent, data: MessageSubmittedData | MessageStatusChangedData, msgID?: string) => {
    const envelope = createEnvelope(type, data, { accountId: data.accountId });
    sent.push(envelope);
    await nc
      .jetstream()
      .publish(eventSubject(type, testNatsPrefix()), new TextEncoder().encode(JSON.stringify(envelope)), {
        msgID: msgID ?? envelope.id,
      });
  };
  const message = (accountId: string, submittedAt: string, segments: number): MessageSubmittedData => ({
    messageId: randomUUID(),
    campaignId: randomUUID(),
    accountId,
    parentAccountId: accountId === sub ? owner : null,
    recipient: '+393331234567',
    sender: 'ACME',
    text: 'hello',
    segments,
    campaignSize: 1,
    submittedAt,
    scheduledAt: null,
  });
  const status = (m: MessageSubmittedData, s: MessageStatusChangedData['status']): MessageStatusChangedData => ({
    messageId: m.messageId,
    campaignId: m.campaignId,
    accountId: m.accountId,
    status: s,
    at: new Date().toISOString(),
    errorCode: s === 'failed' || s === 'expired' ? `SIM-${s.toUpperCase()}` : null,
  });
  const summary = (actor: Actor, query: object) =>
    rpc.send(ReportingRpc.summary, {
      actor,
      query: { from: '2026-04-01', to: '2026-06-30', ...query },
    });
  const drained = async () => {
    const jsm = await nc.jetstreamManager();
    await eventually('consumer drained', async () => {
      const info = await jsm.consumers.info(
        eventsStreamName(testNatsPrefix()),
        `${natsNameToken(testNatsPrefix())}reporting-history`,
      );
      return info.num_pending === 0 && info.num_ack_pending === 0;
    });
  };

  beforeAll(async () => {
    nc = await connectWhenReachable({ servers: natsUrl, ...natsAuthOptions() });
    fakes = await FakeResponder.connect(natsUrl);
    fakes.on(WalletRpc.getSubAccount, (q) => {
      if (q.actor.accountId === owner && q.subAccountId === sub) return { id: sub };
      throw { status: 404, title: 'Not Found', detail: 'Sub-account not found.' };
    });
    fakes.on(IdentityRpc.getAccountSummary, (q) => ({
      accountId: q.accountId,
      language: q.accountId === sub ? 'en' : 'it',
    }));
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
    rpc = new RpcClient({ prefix: testNatsPrefix(), natsUrl, timeoutMs: 10_000, name: 'summary-int' });
    await rpc.connect();
  });

  afterAll(async () => {
    await fakes?.close();
    await rpc?.close();
    await app?.close();
    await (await nc.jetstreamManager()).streams.delete(eventsStreamName(testNatsPrefix())).catch(() => undefined);
    await nc.drain();
  });

  // Rome is UTC+2 in May: 21:30Z on 30 April is still the 30th there, 23:30Z is already 1 May.
  const lateApril = message(owner, '2026-04-30T21:30:00.000Z', 1);
  const firstMay = message(owner, '2026-04-30T23:30:00.000Z', 2);
  const subExpired = message(sub, '2026-05-01T10:00:00.000Z', 3);
  const subPending = message(sub, '2026-05-15T10:00:00.000Z', 1);
  const subDelivered = message(sub, '2026-06-02T10:00:00.000Z', 1);

  it('counts each message once, on its Rome day, whatever the order and repetition of events', async () => {
    // Final reports before submits, stale "sent" after finals, and everything twice.
    await publish(MessagingEvents.messageStatusChanged, status(lateApril, 'failed'));
    await publish(MessagingEvents.messageSubmitted, lateApril);
    await publish(MessagingEvents.messageStatusChanged, status(lateApril, 'sent'));
    await publish(MessagingEvents.messageSubmitted, firstMay);
    await publish(MessagingEvents.messageStatusChanged, status(firstMay, 'sent'));
    await publish(MessagingEvents.messageStatusChanged, status(firstMay, 'delivered'));
    await publish(MessagingEvents.messageStatusChanged, status(subExpired, 'expired'));
    await publish(MessagingEvents.messageStatusChanged, status(subExpired, 'sent'));
    await publish(MessagingEvents.messageSubmitted, subExpired);
    await publish(MessagingEvents.messageSubmitted, subPending);
    await publish(MessagingEvents.messageStatusChanged, status(subPending, 'sent'));
    await publish(MessagingEvents.messageSubmitted, subDelivered);
    await publish(MessagingEvents.messageStatusChanged, status(subDelivered, 'delivered'));
    // Redeliveries past JetStream's dedup window (new Nats-Msg-Id): the inbox must absorb them.
    for (const e of [...sent]) {
      await nc
        .jetstream()
        .publish(eventSubject(e.type, testNatsPrefix()), new TextEncoder().encode(JSON.stringify(e)), {
          msgID: randomUUID(),
        });
    }
    await eventually('five messages summed', async () => (await summary(actorOf(owner), {})).total.messages === 5);
    await drained();

    const byDay = await summary(actorOf(owner), { groupBy: 'day' });
    expect(byDay.timeZone).toBe('Europe/Rome');
    expect(
      byDay.items.map((g) => [g.key, g.messages, g.segments, g.creditsCharged, g.creditsRefunded, g.netCredits]),
    ).toEqual([
      ['2026-04-30', 1, 1, 1, 1, 0],
      ['2026-05-01', 2, 5, 5, 3, 2],
      ['2026-05-15', 1, 1, 1, 0, 1],
      ['2026-06-02', 1, 1, 1, 0, 1],
    ]);
    expect(byDay.items[1].byStatus).toEqual({ delivered: 1, failed: 0, expired: 1, cancelled: 0, blocked: 0 });
    expect(byDay.items.map((g) => g.deliveryRate)).toEqual([0, 0.5, null, 1]);
    expect(byDay.total).toMatchObject({
      key: null,
      messages: 5,
      segments: 8,
      creditsCharged: 8,
      creditsRefunded: 4,
      netCredits: 4,
    });
    expect(byDay.total.byStatus).toEqual({ delivered: 2, failed: 1, expired: 1, cancelled: 0, blocked: 0 });

    const byMonth = await summary(actorOf(owner), { groupBy: 'month' });
    expect(byMonth.items.map((g) => [g.key, g.messages, g.netCredits])).toEqual([
      ['2026-04', 1, 0],
      ['2026-05', 3, 3],
      ['2026-06', 1, 1],
    ]);
    const bySub = await summary(actorOf(owner), { groupBy: 'subAccount' });
    expect(bySub.items.map((g) => [g.key, g.messages, g.creditsCharged, g.creditsRefunded])).toEqual([
      [null, 2, 3, 1],
      [sub, 3, 5, 3],
    ]);
    // Whole months come from the monthly rollups, the days around them from the daily ones.
    const partial = await summary(actorOf(owner), { from: '2026-04-30', to: '2026-05-15', groupBy: 'month' });
    expect(partial.items.map((g) => [g.key, g.messages, g.segments])).toEqual([
      ['2026-04', 1, 1],
      ['2026-05', 3, 6],
    ]);
    const mixed = await summary(actorOf(owner), { from: '2026-04-30', to: '2026-06-30', groupBy: 'subAccount' });
    expect(mixed.items).toEqual(bySub.items);
    const [monthly] = await app
      .get(DataSource)
      .query(
        `SELECT sum(messages)::int AS messages, sum(credits_refunded)::int AS refunded FROM reporting.usage_monthly WHERE owner_account_id = $1`,
        [owner],
      );
    expect(monthly).toEqual({ messages: 5, refunded: 4 });
    // A day-bounded period: 1 May alone.
    const may1 = await summary(actorOf(owner), { from: '2026-05-01', to: '2026-05-01' });
    expect(may1.total).toMatchObject({ messages: 2, segments: 5 });
  });

  it('agrees with a scan of the message rows', async () => {
    const [scan] = await app.get(DataSource).query(
      `SELECT count(*)::int AS messages, sum(segments)::int AS segments,
              sum(segments) FILTER (WHERE status IN ('failed', 'expired'))::int AS refunded
         FROM reporting.messages WHERE account_id = ANY($1::uuid[]) AND submitted_at IS NOT NULL`,
      [[owner, sub]],
    );
    const { total } = await summary(actorOf(owner), { from: '2000-01-01', to: '2100-12-31' });
    expect([total.messages, total.segments, total.creditsRefunded]).toEqual([
      scan.messages,
      scan.segments,
      scan.refunded,
    ]);
  });

  it('a stale status applied in a batch of its own, after the row moved past it, changes no rollup', async () => {
    const alone = randomUUID();
    const m = message(alone, '2026-05-20T10:00:00.000Z', 2);
    await publish(MessagingEvents.messageSubmitted, m);
    await publish(MessagingEvents.messageStatusChanged, status(m, 'delivered'));
    await eventually('the delivery summed', async () => {
      const { total } = await summary(actorOf(alone), {});
      return total.byStatus.delivered === 1;
    });
    await drained();
    await publish(MessagingEvents.messageStatusChanged, status(m, 'sent')); // late: its row is already final
    await drained();
    const { total } = await summary(actorOf(alone), {});
    expect(total).toMatchObject({ messages: 1, segments: 2, creditsCharged: 2, creditsRefunded: 0, netCredits: 2 });
    expect(total.byStatus).toEqual({ delivered: 1, failed: 0, expired: 0, cancelled: 0, blocked: 0 });
  });

  it('scopes: a manager sees its own, an owner one sub-account by id, nobody else', async () => {
    const own = await summary(actorOf(sub, 'manager'), { groupBy: 'month' });
    expect(own.total).toMatchObject({ messages: 3, creditsCharged: 5, creditsRefunded: 3 });
    const one = await summary(actorOf(owner), { subAccountId: sub });
    expect(one.total).toEqual(own.total);
    expect((await summary(actorOf(stranger), {})).items).toEqual([]);
    for (const [actor, subAccountId] of [
      [actorOf(stranger), sub],
      [actorOf(sub, 'manager'), sub],
      [actorOf(owner), randomUUID()],
    ] as const) {
      const err = await summary(actor, { subAccountId }).catch((e: unknown) => e);
      expect((err as RemoteProblemError).problem).toMatchObject({ status: 404 });
    }
    for (const query of [
      { from: '2026-05-02', to: '2026-05-01' },
      { from: '2026-02-30', to: '2026-03-01' },
      { from: '2026-05-01T00:00:00Z' },
      { groupBy: 'week' },
      { to: undefined },
    ]) {
      const err = await summary(actorOf(owner), query).catch((e: unknown) => e);
      expect((err as RemoteProblemError).problem).toMatchObject({ status: 400 });
    }
  });

  it('writes the workbook in the account language (Italian by default)', async () => {
    const read = async (actor: Actor, query: object) => {
      const file = await rpc.send(ReportingRpc.summaryXlsx, {
        actor,
        query: { from: '2026-04-01', to: '2026-06-30', ...query },
      });
      // Read back from a file: exceljs's load(buffer) stalls under jest's module sandbox.
      const path = join(await mkdtemp(join(tmpdir(), 'summary-')), file.fileName);
      await writeFile(path, Buffer.from(file.base64, 'base64'));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path);
      await rm(path);
      expect(wb.worksheets).toHaveLength(1);
      return wb.worksheets[0];
    };
    const italian = await read(actorOf(owner), { groupBy: 'subAccount' });
    expect(italian.getRow(1).values).toEqual([
      undefined,
      'Sub-account',
      'Messaggi',
      'Segmenti',
      'Crediti addebitati',
      'Crediti rimborsati',
      'Crediti netti',
      'Consegnati',
      'Non consegnati',
      'Scaduti',
      'Annullati',
      'Bloccati',
      'Tasso di consegna',
    ]);
    expect(italian.getRow(2).values).toEqual([undefined, 'Account principale', 2, 3, 3, 1, 2, 1, 1, 0, 0, 0, 0.5]);
    expect(italian.getRow(3).getCell(1).value).toBe(sub);
    expect(italian.getRow(4).values).toEqual([undefined, 'Totale', 5, 8, 8, 4, 4, 2, 1, 1, 0, 0, 0.5]);
    const en = await read(actorOf(sub, 'manager'), { groupBy: 'month' });
    expect(en.getRow(1).getCell(1).value).toBe('Month');
    expect(en.getRow(2).values).toEqual([undefined, '2026-05', 2, 4, 4, 3, 1, 0, 0, 1, 0, 0, 0]);
    expect(en.rowCount).toBe(4);
  });
});
