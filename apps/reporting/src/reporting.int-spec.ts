import { FakeResponder, testNatsPrefix, eventually } from '@sms/testing';
import { INestMicroservice } from '@nestjs/common';
import { loadEnv } from '@sms/config';
import {
  Actor,
  EXPORT_HEADERS,
  HistoryPage,
  IdentityRpc,
  MessageStatusChangedData,
  MessageStatusesChangedData,
  MessageSubmittedData,
  MessagingEvents,
  RemoteProblemError,
  ReportingRpc,
  WalletRpc,
  AnyEvent,
} from '@sms/contracts';
import { createEnvelope, eventSubject, eventsStreamName, natsNameToken } from '@sms/events';
import { createServiceApp, RpcClient, connectWhenReachable } from '@sms/nats';
import * as ExcelJS from 'exceljs';
import { natsAuthOptions } from '@sms/nats-auth';
import { createInbox, NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ReportingEnv } from './reporting-env';
import { ReportingModule } from './reporting.module';

const natsUrl = process.env.NATS_URL!;
const actorOf = (accountId: string, role: 'owner' | 'manager' = 'owner'): Actor => ({
  userId: randomUUID(),
  accountId,
  role,
});

describe('reporting service (PostgreSQL + JetStream)', () => {
  let app: INestMicroservice;
  let rpc: RpcClient;
  let nc: NatsConnection;
  let fakes: FakeResponder;
  const owner = randomUUID();
  const sub = randomUUID();
  const stranger = randomUUID();

  const submitted = (accountId: string, over: Partial<MessageSubmittedData> = {}): MessageSubmittedData => ({
    messageId: randomUUID(),
    campaignId: randomUUID(),
    accountId,
    parentAccountId: null,
    recipient: '+393331234567',
    sender: 'ACME',
    text: 'hello',
    segments: 1,
    campaignSize: 1,
    submittedAt: new Date().toISOString(),
    scheduledAt: null,
    ...over,
  });
  const publish = async (
    { type }: AnyEvent,
    data: MessageSubmittedData | MessageStatusChangedData | MessageStatusesChangedData,
  ) => {
    const envelope = createEnvelope(type, data, { accountId: data.accountId });
    await nc
      .jetstream()
      .publish(eventSubject(type, testNatsPrefix()), new TextEncoder().encode(JSON.stringify(envelope)), {
        msgID: envelope.id,
      });
    return envelope;
  };
  const history = (actor: Actor, query: object = {}, subAccountId?: string) =>
    rpc.send(ReportingRpc.history, { actor, query, subAccountId });

  beforeAll(async () => {
    nc = await connectWhenReachable({ servers: natsUrl, ...natsAuthOptions() });
    fakes = await FakeResponder.connect(natsUrl);
    // The wallet's answer to "is this sub-account mine?".
    fakes.on(WalletRpc.getSubAccount, (q) => {
      if (q.actor.accountId === owner && q.subAccountId === sub) return { id: sub };
      throw { status: 404, title: 'Not Found', detail: 'Sub-account not found.' };
    });
    // Identity's account summary: the export follows the reader's language (Italian here).
    fakes.on(IdentityRpc.getAccountSummary, (q) => ({
      accountId: q.accountId,
      parentAccountId: null,
      name: 'x',
      parentName: null,
      language: 'it',
      email: 'x@example.com',
    }));
    await fakes.ready();
    const env = loadEnv(ReportingEnv, { ...process.env, LOG_LEVEL: 'warn', EXPORT_FETCH_ROWS: '100' });
    app = await createServiceApp({
      natsPrefix: testNatsPrefix(),
      service: 'reporting',
      module: ReportingModule.register(env),
      natsUrl,
      logLevel: 'warn',
    });
    await app.listen();
    rpc = new RpcClient({ prefix: testNatsPrefix(), natsUrl, timeoutMs: 10_000, name: 'reporting-int' });
    await rpc.connect();
  });

  afterAll(async () => {
    await fakes?.close();
    await rpc?.close();
    await app?.close();
    await (await nc.jetstreamManager()).streams.delete(eventsStreamName(testNatsPrefix())).catch(() => undefined);
    await nc.drain();
  });

  it('is right whatever the order of events, and applies each once', async () => {
    const early = submitted(owner, { recipient: '+393330000001' });
    const failed: MessageStatusChangedData = {
      messageId: early.messageId,
      campaignId: early.campaignId,
      accountId: owner,
      status: 'failed',
      at: new Date().toISOString(),
      errorCode: 'SIM-FAILED',
    };
    // The final report first, then a stale "sent", then the submit event (twice).
    await publish(MessagingEvents.messageStatusChanged, failed);
    await publish(MessagingEvents.messageStatusChanged, { ...failed, status: 'sent', errorCode: null });
    const submittedEvent = await publish(MessagingEvents.messageSubmitted, early);
    // The same event again under another Nats-Msg-Id (past JetStream's dedup): the inbox absorbs it.
    await nc
      .jetstream()
      .publish(
        eventSubject(submittedEvent.type, testNatsPrefix()),
        new TextEncoder().encode(JSON.stringify(submittedEvent)),
        {
          msgID: randomUUID(),
        },
      );
    await eventually('the message in history', async () => (await history(actorOf(owner))).items.length === 1);
    const [item] = (await history(actorOf(owner))).items;
    expect(item).toEqual({
      id: early.messageId,
      campaignId: early.campaignId,
      recipient: '+393330000001',
      sender: 'ACME',
      text: 'hello',
      segments: 1,
      status: 'failed',
      submittedAt: early.submittedAt,
      errorCode: 'SIM-FAILED',
    });
    const jsm = await nc.jetstreamManager();
    await eventually('consumer drained', async () => {
      const info = await jsm.consumers.info(
        eventsStreamName(testNatsPrefix()),
        `${natsNameToken(testNatsPrefix())}reporting-history`,
      );
      return info.num_pending === 0 && info.num_ack_pending === 0;
    });
    const [inbox] = await app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM reporting.inbox WHERE event_id = $1`, [submittedEvent.id]);
    expect(inbox.n).toBe(1);
  });

  it('applies a batch status event as the status events of its messages', async () => {
    const account = randomUUID();
    const campaignId = randomUUID();
    const [a, b] = [
      submitted(account, { campaignId, recipient: '+393330000011' }),
      submitted(account, { campaignId, recipient: '+393330000012' }),
    ];
    const at = (s: number) => new Date(Date.now() + s * 1000).toISOString();
    // The later batch (finals) first: the projection keeps the most advanced status whatever the order.
    await publish(MessagingEvents.messageStatusesChanged, {
      accountId: account,
      parentAccountId: null,
      changes: [
        { messageId: a.messageId, campaignId, status: 'delivered', at: at(2), errorCode: null },
        { messageId: b.messageId, campaignId, status: 'failed', at: at(2), errorCode: 'UNDELIV:001' },
      ],
    });
    await publish(MessagingEvents.messageStatusesChanged, {
      accountId: account,
      parentAccountId: null,
      changes: [
        { messageId: a.messageId, campaignId, status: 'sent', at: at(1), errorCode: null },
        { messageId: b.messageId, campaignId, status: 'sent', at: at(1), errorCode: null },
      ],
    });
    await publish(MessagingEvents.messageSubmitted, a);
    await publish(MessagingEvents.messageSubmitted, b);
    const byRecipient = async () =>
      Object.fromEntries(
        (await history(actorOf(account))).items.map((m) => [m.recipient, `${m.status}/${m.errorCode ?? '-'}`]),
      );
    await eventually('both in history', async () => Object.keys(await byRecipient()).length === 2);
    expect(await byRecipient()).toEqual({
      '+393330000011': 'delivered/-',
      '+393330000012': 'failed/UNDELIV:001',
    });
  });

  it('filters, pages without gaps or duplicates, and scopes by account', async () => {
    const base = Date.parse('2026-03-10T12:00:00Z');
    const campaign = randomUUID();
    const messages = Array.from({ length: 25 }, (_, i) =>
      submitted(sub, {
        // Three share one instant: the id breaks the tie.
        submittedAt: new Date(base + Math.floor(i / 3) * 3_600_000 * 6).toISOString(),
        recipient: i % 5 === 0 ? '+393339990000' : `+39333${String(i).padStart(7, '1')}`,
        campaignId: i < 10 ? campaign : randomUUID(),
        campaignSize: i < 10 ? 10 : 1,
        text: i === 7 ? '=HYPERLINK("http://x")' : `msg ${i}`,
      }),
    );
    for (const m of messages) await publish(MessagingEvents.messageSubmitted, m);
    await publish(MessagingEvents.messageStatusChanged, {
      messageId: messages[1].messageId,
      campaignId: campaign,
      accountId: sub,
      status: 'delivered',
      at: '2026-03-10T12:00:01.000Z',
      errorCode: null,
    });
    const manager = actorOf(sub, 'manager');
    await eventually('all 25', async () => (await history(manager, { limit: 500 })).items.length === 25);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page: HistoryPage = await history(manager, { limit: 4, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    const all = (await history(manager, { limit: 500 })).items;
    expect(all.map((m) => m.id)).toEqual(seen);
    const keys = all.map((m) => `${m.submittedAt}|${m.id}`);
    expect([...keys].sort().reverse()).toEqual(keys);
    expect(all.find((m) => m.id === messages[1].messageId)).toMatchObject({
      status: 'delivered',
      deliveredAt: '2026-03-10T12:00:01.000Z',
    });

    // 2026-03-10 in Rome is 09:00Z-23:00Z: base, +6h (18:00Z) → 6 messages; the +12h ones (00:00Z on the 11th) are Rome's 11th.
    const day = await history(manager, { from: '2026-03-10', to: '2026-03-10' });
    expect(day.items).toHaveLength(6);
    const dayUtc = await history(manager, { from: '2026-03-10', to: '2026-03-10', timeZone: 'UTC' });
    expect(dayUtc.items).toHaveLength(6);
    // Instants are inclusive at both ends: 00:00, 06:00, 12:00 and 18:00 on the 11th, three each.
    const period = await history(manager, { from: '2026-03-11T00:00:00Z', to: '2026-03-11T18:00:00Z' });
    expect(period.items).toHaveLength(12);
    expect((await history(manager, { recipient: '+393339990000' })).items).toHaveLength(5);
    expect((await history(manager, { minCampaignSize: 10 })).items).toHaveLength(10);
    const combined = await history(manager, {
      minCampaignSize: 10,
      recipient: '+393339990000',
      from: '2026-03-10',
      to: '2026-03-10',
    });
    expect(combined.items.map((m) => m.id).sort()).toEqual([messages[0].messageId, messages[5].messageId].sort());

    // The owner sees the sub-account by id; nobody else does, and the owner's own list stays its own.
    expect((await history(actorOf(owner), { limit: 500 }, sub)).items).toHaveLength(25);
    const ownOnly = (await history(actorOf(owner), { limit: 500 })).items;
    expect(ownOnly.length).toBeGreaterThan(0);
    expect(ownOnly.every((m) => m.id !== messages[0].messageId)).toBe(true);
    for (const [actor, target] of [
      [actorOf(stranger), sub],
      [actorOf(sub, 'manager'), sub],
      [actorOf(owner), randomUUID()],
    ] as const) {
      const err = await history(actor, {}, target).catch((e: unknown) => e);
      expect((err as RemoteProblemError).problem).toMatchObject({ status: 404 });
    }
    expect((await history(actorOf(stranger))).items).toEqual([]);
  });

  it('refuses a bad cursor or a period that ends before it starts', async () => {
    for (const query of [
      { cursor: 'bm90LWEtY3Vyc29y' },
      { from: '2026-03-12', to: '2026-03-11' },
      { from: '2026-02-30' },
      { limit: 501 },
    ]) {
      const err = await history(actorOf(owner), query).catch((e: unknown) => e);
      expect((err as RemoteProblemError).problem).toMatchObject({ status: 400 });
    }
  });

  it('streams the receipts workbook in acknowledged chunks', async () => {
    const inbox = createInbox();
    const sub$ = nc.subscribe(inbox);
    const accepted = await rpc.send(ReportingRpc.exportReceipts, {
      actor: actorOf(owner),
      subAccountId: sub,
      filter: { from: '2026-03-10', to: '2026-03-12' },
      streamSubject: inbox,
    });
    expect(accepted.fileName).toBe('delivery-receipts_2026-03-10_2026-03-12.xlsx');
    const parts: Uint8Array[] = [];
    for await (const m of sub$) {
      const seq = Number(m.headers?.get(EXPORT_HEADERS.seq));
      expect(seq).toBe(parts.length + 1);
      const end = m.headers?.get(EXPORT_HEADERS.end);
      if (end) {
        expect(end).toBe('ok');
        break;
      }
      parts.push(m.data);
      nc.publish(accepted.ackSubject, new TextEncoder().encode(JSON.stringify({ seq })));
    }
    // Read back from a file: exceljs's load(buffer) stalls under jest's module sandbox.
    const file = join(await mkdtemp(join(tmpdir(), 'receipts-')), 'receipts.xlsx');
    await writeFile(file, Buffer.concat(parts));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    await rm(file);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(1 + 25);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.getRow(1).getCell(6).value).toBe('Stato');
    // Oldest first, in Rome time (UTC+1 in March before the switch): 12:00Z → 13:00.
    expect(ws.getRow(2).getCell(1).value).toEqual(new Date('2026-03-10T13:00:00.000Z'));
    const texts = ws.getColumn(4).values as unknown[];
    expect(texts).toContain('\'=HYPERLINK("http://x")');
  });
});
