// Messaging killed (SIGKILL, the compiled app as its own process) while delivery receipts are in
// flight and queued at the SMSC (simulator over real TCP, receipt delay), then started again:
// every message ends with its final status exactly once, and nothing is charged twice.
// Needs `npm run build` (the process runs dist/apps/messaging).
import { Actor, MessagingEvents } from '@sms/contracts';
import { SmscSimulator } from '@sms/smpp';
import { AppStack, eventually, REPO_ROOT, testNatsPrefix } from '@sms/testing';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { Client } from 'pg';
import {
  createOwnDatabase,
  MESSAGING_TEST_ENV,
  MessagingPeers,
  OwnDatabase,
  startMessagingPeers,
} from './testing/messaging-under-test';

const FINAL = ['delivered', 'failed', 'expired'];

describe('messaging killed while receipts are in flight, then restarted (process + SMPP over TCP)', () => {
  let db: OwnDatabase;
  let peers: MessagingPeers;
  let smsc: SmscSimulator;
  let stack: AppStack;
  let pg: Client;

  const query = async <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await pg.query(sql, params)).rows as T[];
  const bound = () =>
    eventually(
      'messaging answering, bound to the SMSC',
      async () => (await peers.ping().catch(() => null))?.carrier === 'ok',
      180_000, // a process starting on a loaded machine (as AppStack.waitReady)
    );

  beforeAll(async () => {
    db = await createOwnDatabase('restart');
    peers = await startMessagingPeers('messaging-restart-int');
    // Receipts 5 s after each submit: every message is recorded `sent` before they stream in.
    smsc = new SmscSimulator({ systemId: 'esme', password: 'pw', dlrDelayMs: 5000, respDelayMs: 5 });
    const port = await smsc.listen(0);
    stack = new AppStack(
      {
        ...MESSAGING_TEST_ENV,
        DATABASE_URL: db.url,
        NATS_URL: process.env.NATS_URL!,
        NATS_PREFIX: testNatsPrefix(),
        CARRIER: 'smpp',
        SMPP_URL: `smpp://esme:pw@127.0.0.1:${port}`,
        SMPP_WINDOW: '10',
        SMPP_TPS: '2000',
        SMPP_REBIND_MAX_MS: '200',
      },
      path.join(REPO_ROOT, 'tmp/test-logs', `messaging-restart-${Date.now().toString(36)}`),
    );
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  afterAll(async () => {
    await stack?.stop();
    await pg?.end();
    await peers?.close();
    await smsc?.close();
    await db?.drop();
  });

  it('applies every receipt once across a SIGKILL: each message final once, charged once, refunds once', async () => {
    stack.spawn('messaging');
    await bound();
    const actor: Actor = { userId: randomUUID(), accountId: randomUUID(), role: 'owner' };
    peers.wallet.balances.set(actor.accountId, 10_000);
    // Every 10th handset fails at the SMSC (…0001), every 10th expires (…0002), the rest are delivered.
    const handsets = (base: number) =>
      Array.from(
        { length: 120 },
        (_, i) => `+39335${String(base + i).padStart(3, '0')}${['0001', '0002'][i % 10] ?? '4567'}`,
      );
    const multipart = await peers.send(actor, { to: handsets(100), text: 'Three parts. '.repeat(30), sender: 'ACME' });
    const single = await peers.send(actor, { to: handsets(400), text: 'One part', sender: 'ACME' });
    expect([multipart.segments, single.segments]).toEqual([3, 1]);
    const charged = multipart.creditsCharged + single.creditsCharged;
    expect(charged).toBe(120 * 3 + 120);

    // Killed while receipts stream in: parts of one message acknowledged, its last part in flight.
    await eventually('every message sent', async () => {
      const [{ n }] = await query<{ n: number }>(
        `SELECT count(*)::int AS n FROM messaging.messages WHERE campaign_id = ANY($1::uuid[]) AND status <> 'queued'`,
        [[multipart.campaignId, single.campaignId]],
      );
      return n === 240;
    });
    await eventually('receipts flowing', async () => smsc.stats().receiptsSent >= 60);
    await stack.stopApp('messaging', 'SIGKILL');
    const atKill = smsc.stats();
    // Nobody bound: the SMSC keeps what it owes, and receipts of accepted parts queue up.
    await eventually('receipts queued at the SMSC', async () => {
      const s = smsc.stats();
      return s.bound === 0 && s.receiptsPending > 0;
    });
    stack.spawn('messaging');
    await bound();

    const campaigns = [multipart.campaignId, single.campaignId];
    const messages = () =>
      query<{ id: string; recipient: string; status: string; refund: string }>(
        `SELECT id, recipient, status, refund_state AS refund FROM messaging.messages WHERE campaign_id = ANY($1::uuid[])`,
        [campaigns],
      );
    await eventually(
      'every message final and its refund done',
      async () => {
        const rows = await messages();
        return rows.length === 240 && rows.every((m) => FINAL.includes(m.status) && m.refund !== 'due');
      },
      150_000,
    );
    const rows = await messages();
    const expected = (to: string) =>
      to.endsWith('0001') ? 'failed/done' : to.endsWith('0002') ? 'expired/done' : 'delivered/none';
    expect(rows.filter((m) => `${m.status}/${m.refund}` !== expected(m.recipient))).toEqual([]);

    // Exactly one final status event per message, and at most one `sent`.
    const events = await query<{ id: string; status: string; n: number }>(
      `SELECT c->>'messageId' AS id, c->>'status' AS status, count(*)::int AS n
         FROM messaging.outbox o, jsonb_array_elements(o.payload->'data'->'changes') c
        WHERE o.type = $1 AND c->>'campaignId' = ANY($2::text[])
        GROUP BY 1, 2`,
      [MessagingEvents.messageStatusesChanged.type, campaigns],
    );
    const finals = events.filter((e) => FINAL.includes(e.status));
    expect(finals.filter((e) => e.n !== 1)).toEqual([]);
    expect(new Set(finals.map((e) => e.id)).size).toBe(240);
    expect(finals.length).toBe(240);
    expect(events.filter((e) => e.status === 'sent' && e.n > 1)).toEqual([]);

    // Charged once: one reservation per campaign, refunds of the failed/expired only, once each.
    await eventually('settled', async () => campaigns.every((c) => peers.wallet.settled.has(c)));
    const undelivered = rows.filter((m) => m.status !== 'delivered');
    expect(undelivered).toHaveLength(48);
    const segmentsOf = (m: { recipient: string }) => (handsets(100).includes(m.recipient) ? 3 : 1);
    const owed = undelivered.reduce((sum, m) => sum + segmentsOf(m), 0);
    expect(peers.wallet.balances.get(actor.accountId)).toBe(10_000 - charged + owed);
    expect([...peers.wallet.reservations.keys()].filter((id) => campaigns.includes(id))).toHaveLength(2);
    process.stdout.write(
      `messaging SIGKILL: receipts acknowledged before the kill ${atKill.receiptsSent}, ` +
        `SMSC duplicates ${smsc.stats().duplicates}\n`,
    );
  });
});
