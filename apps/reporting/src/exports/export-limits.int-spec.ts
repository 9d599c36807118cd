import { INestMicroservice } from '@nestjs/common';
import { loadEnv } from '@sms/config';
import { Actor, EXPORT_HEADERS, IdentityRpc, RemoteProblemError, ReportingRpc } from '@sms/contracts';
import { eventsStreamName } from '@sms/events';
import { createServiceApp, RpcClient, connectWhenReachable } from '@sms/nats';
import { FakeResponder, testNatsPrefix } from '@sms/testing';
import { natsAuthOptions } from '@sms/nats-auth';
import { createInbox, NatsConnection, Subscription } from 'nats';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ReportingEnv } from '../reporting-env';
import { ReportingModule } from '../reporting.module';

const natsUrl = process.env.NATS_URL!;
const owner = (accountId: string): Actor => ({ userId: randomUUID(), accountId, role: 'owner' });

/** How a stream ended ('ok' or 'error'), acknowledging nothing (a client that stopped reading). */
async function endOf(sub: Subscription): Promise<string> {
  for await (const m of sub) {
    const end = m.headers?.get(EXPORT_HEADERS.end);
    if (end) return end;
  }
  throw new Error('stream closed without an end');
}

describe('receipts exports: one per account, bounded in time', () => {
  let app: INestMicroservice;
  let rpc: RpcClient;
  let nc: NatsConnection;
  let blocker: Client;
  let fakes: FakeResponder;

  beforeAll(async () => {
    nc = await connectWhenReachable({ servers: natsUrl, ...natsAuthOptions() });
    fakes = await FakeResponder.connect(natsUrl);
    fakes.on(IdentityRpc.getAccountSummary, (q) => ({
      accountId: q.accountId,
      parentAccountId: null,
      name: 'x',
      parentName: null,
      language: 'en',
      email: 'x@example.com',
    }));
    await fakes.ready();
    const env = loadEnv(ReportingEnv, { ...process.env, LOG_LEVEL: 'warn', EXPORT_MAX_SECONDS: '6' });
    app = await createServiceApp({
      natsPrefix: testNatsPrefix(),
      service: 'reporting',
      module: ReportingModule.register(env),
      natsUrl,
      logLevel: 'warn',
    });
    await app.listen();
    rpc = new RpcClient({ prefix: testNatsPrefix(), natsUrl, timeoutMs: 10_000, name: 'export-limits-int' });
    await rpc.connect();
    blocker = new Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
  });

  afterAll(async () => {
    await blocker?.end();
    await fakes?.close();
    await rpc?.close();
    await app?.close();
    await (await nc.jetstreamManager()).streams.delete(eventsStreamName(testNatsPrefix())).catch(() => undefined);
    await nc.drain();
  });

  const start = (accountId: string, sub: Subscription) =>
    rpc.send(ReportingRpc.exportReceipts, {
      actor: owner(accountId),
      filter: { from: '2026-01-01', to: '2026-01-31' },
      streamSubject: sub.getSubject(),
    });

  it('refuses a second concurrent export of one account with 429, aborts one running past EXPORT_MAX_SECONDS and frees its slot', async () => {
    const account = randomUUID();
    // A slow export: its cursor waits behind a table lock held here.
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE reporting.messages IN ACCESS EXCLUSIVE MODE');
    const first = nc.subscribe(createInbox());
    await start(account, first);

    const second = nc.subscribe(createInbox());
    const refused = await start(account, second).catch((e: unknown) => e);
    expect((refused as RemoteProblemError).problem).toMatchObject({ status: 429, code: 'export-running' });
    second.unsubscribe();

    // Another account is not held back by it.
    const other = nc.subscribe(createInbox());
    await expect(start(randomUUID(), other)).resolves.toMatchObject({ exportId: expect.any(String) });

    // After EXPORT_MAX_SECONDS the stalled exports end with an error...
    await expect(endOf(first)).resolves.toBe('error');
    await expect(endOf(other)).resolves.toBe('error');
    await blocker.query('COMMIT');
    // ...and the account's slot is free again: a new export runs to the end.
    const again = nc.subscribe(createInbox());
    const accepted = await start(account, again);
    let end = '';
    for await (const m of again) {
      const seq = Number(m.headers?.get(EXPORT_HEADERS.seq));
      end = m.headers?.get(EXPORT_HEADERS.end) ?? '';
      if (end) break;
      nc.publish(accepted.ackSubject, new TextEncoder().encode(JSON.stringify({ seq })));
    }
    expect(end).toBe('ok');
  });
});
