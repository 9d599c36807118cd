// Webhooks end to end: 10,000 delivery reports (messaging's `message.status-changed` events, published on
// JetStream at 500/s as messaging's relay does) fanned out by notifications to a local HTTP receiver run
// here, one webhook per account over 100 accounts. Measures deliveries/s and the latency from the status
// event's publication to the receiver holding the signed POST; checks none lost, none duplicated, every one
// signed (the receiver verifies each signature). Raw baseline, same run: the same 10,000 signed POSTs sent
// straight from here to the same receiver at the same rate. Target: p99 ≤ 1 s at 500 events/s.
// `npm run bench -- webhooks [--strict] [--cpu-prof]`; BENCH_EVENTS (10000), BENCH_RATE (500), BENCH_ACCOUNTS (100);
// WEBHOOK_CONSUMER_CONCURRENCY and WEBHOOK_SEND_CONCURRENCY, when set, go to notifications.
import {
  type Actor,
  healthPing,
  type MessageStatusChangedData,
  MessagingEvents,
  NotificationsRpc,
} from '@sms/contracts';
// Messaging's status events on JetStream, published as its relay does: the envelope, subject and stream are
// libs/events' (a data lib, like funding.ts's "invoice paid": the tooling tag's other exception).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createEnvelope, ensureEventsStream, eventSubject } from '@sms/events';
import { RpcClient } from '@sms/nats';
import { connect } from 'nats';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import { Client } from 'pg';
// The README's verification recipe, the one the chaos suite's receiver uses.
import { verifySignature } from '../chaos/webhook-receiver';
import {
  type BenchArgs,
  type BenchStack,
  cpuProfArgs,
  envNumber,
  isStrict,
  log,
  profileWindow,
  sleep,
  withBenchStack,
} from './harness';

const TARGET_P99_MS = 1000;
/** utime + stime (s) of a process (Linux /proc), NaN when it cannot be read: CPU used, whatever the load. */
function cpuSeconds(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // USER_HZ = 100
  } catch {
    return NaN;
  }
}

/** The 1, 5 and 15 minute load averages (the machine is shared: they say what a figure is worth). */
const loadAverage = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const quantile = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;

interface ReceiverStats {
  requests: number;
  duplicates: number;
  unsigned: number;
  badSignature: number;
}

interface Receiver {
  port: number;
  /** path → secret */
  secrets: Map<string, string>;
  /** event id → ms */
  arrivals: Map<string, number>;
  stats: ReceiverStats;
  stop(): Promise<void>;
}

const noStats = (): ReceiverStats => ({ requests: 0, duplicates: 0, unsigned: 0, badSignature: 0 });

/** The receiver: verifies every signature (secret per path), records when each event id arrived. */
async function startReceiver(): Promise<Receiver> {
  const secrets = new Map<string, string>();
  const arrivals = new Map<string, number>();
  const stats = noStats();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      stats.requests++;
      const raw = Buffer.concat(chunks).toString('utf8');
      const header = req.headers['sms-signature'];
      const secret = secrets.get(req.url ?? '');
      if (!header) stats.unsigned++;
      else if (!secret || !verifySignature(raw, String(header), secret)) stats.badSignature++;
      const id = String(req.headers['sms-event-id']);
      if (arrivals.has(id)) stats.duplicates++;
      else arrivals.set(id, at);
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    secrets,
    arrivals,
    stats,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Calls `fn(i)` for i in [0, count) at `rate` per second (in 10 ms ticks), without waiting for each. */
async function paced(count: number, rate: number, fn: (i: number) => Promise<void>): Promise<number> {
  const started = Date.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; ) {
    const due = Math.min(count, Math.floor(((Date.now() - started) / 1000) * rate) + 1);
    for (; i < due; i++) pending.push(fn(i));
    await sleep(10);
  }
  await Promise.all(pending);
  return Date.now() - started;
}

interface Summary {
  title: string;
  delivered: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

function summary(title: string, latencies: number[], elapsedMs: number, delivered: number): Summary {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    title,
    delivered,
    perSecond: delivered / (elapsedMs / 1000),
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1],
  };
}

/** The raw baseline: `events` signed POSTs at `rate`/s straight to the receiver; each one's latency. */
async function rawBaseline(rx: Receiver, events: number, rate: number, accountCount: number): Promise<Summary> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const rawLatencies: number[] = [];
  const rawElapsed = await paced(events, rate, (i) => {
    const id = randomUUID();
    const body = JSON.stringify({
      id,
      type: 'message.status',
      data: { messageId: randomUUID(), status: 'delivered' },
    });
    const t = Math.floor(Date.now() / 1000);
    const secret = rx.secrets.get(`/a${i % accountCount}`) ?? '';
    const sig = `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
    const start = Date.now();
    return new Promise<void>((resolve) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: rx.port,
          path: `/a${i % accountCount}`,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'sms-signature': sig, 'sms-event-id': id },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            rawLatencies.push(Date.now() - start);
            resolve();
          });
        },
      );
      req.on('error', () => resolve());
      req.end(body);
    });
  });
  agent.destroy();
  return summary('raw signed POST', rawLatencies, rawElapsed, rawLatencies.length);
}

/** No gateway in this stack: waits for notifications itself to answer. */
async function waitForNotifications(rpc: RpcClient): Promise<void> {
  for (let tries = 0; ; tries++) {
    try {
      await rpc.send(healthPing('notifications'), {}, 1000);
      return;
    } catch (err) {
      if (tries > 120) throw err;
      await sleep(500);
    }
  }
}

async function measureWebhooks(
  stack: BenchStack,
  rx: Receiver,
  { events, rate, accountCount, strict }: { events: number; rate: number; accountCount: number; strict: boolean },
): Promise<number> {
  const natsPrefix = stack.env.NATS_PREFIX;
  const nc = await connect({ servers: stack.env.NATS_URL, ...stack.nats.auth.harnessConnectOptions() });
  const rpc = new RpcClient({
    natsUrl: stack.env.NATS_URL,
    timeoutMs: 10000,
    prefix: natsPrefix,
    name: 'webhooks-bench',
  });
  await rpc.connect();
  try {
    await waitForNotifications(rpc);
    await ensureEventsStream(nc, { natsPrefix });
    const js = nc.jetstream();

    log(`registering ${accountCount} webhooks…`);
    const accounts: Actor[] = [];
    for (let i = 0; i < accountCount; i++) {
      const actor: Actor = { userId: randomUUID(), accountId: randomUUID(), role: 'owner' };
      const w = await rpc.send(NotificationsRpc.createWebhook, {
        actor,
        body: { url: `http://127.0.0.1:${rx.port}/a${i}`, events: ['message.status'] },
      });
      rx.secrets.set(`/a${i}`, w.secret);
      accounts.push(actor);
    }

    // Raw baseline: the same number of signed POSTs, same rate, straight to the receiver.
    log(`raw baseline: ${events} signed POSTs at ${rate}/s straight to the receiver…`);
    const raw = await rawBaseline(rx, events, rate, accountCount);
    const rawStats = { ...rx.stats };
    rx.arrivals.clear();
    Object.assign(rx.stats, noStats());

    const loadBefore = loadAverage();
    log(`publishing ${events} delivery reports at ${rate}/s (load average ${loadBefore})…`);
    const profiled = profileWindow(stack);
    profiled.begin();
    const notifications = stack.apps.handles.filter((h) => h.name === 'notifications');
    const cpuBefore = notifications.map((h) => cpuSeconds(h.pid));
    const published = new Map<string, number>(); // event id → ms
    const began = Date.now();
    await paced(events, rate, async (i) => {
      const actor = accounts[i % accountCount];
      const data: MessageStatusChangedData = {
        messageId: randomUUID(),
        campaignId: randomUUID(),
        accountId: actor.accountId,
        status: i % 10 === 0 ? 'failed' : 'delivered',
        at: new Date().toISOString(),
        errorCode: i % 10 === 0 ? '0x0000000B' : null,
      };
      const env = createEnvelope(MessagingEvents.messageStatusChanged, data, { accountId: actor.accountId });
      published.set(env.id, Date.now());
      await js.publish(eventSubject(env.type, natsPrefix), JSON.stringify(env), { msgID: env.id });
    });
    const deadline = Date.now() + 180_000;
    while (rx.arrivals.size < events && Date.now() < deadline) await sleep(100);
    profiled.end();
    const cpuUsed = notifications.reduce((sum, h, i) => sum + cpuSeconds(h.pid) - cpuBefore[i], 0);
    await sleep(1000); // late duplicates, if any
    const latencies: number[] = [];
    let last = began;
    for (const [id, at] of rx.arrivals) {
      const t0 = published.get(id);
      if (t0 === undefined) continue;
      latencies.push(at - t0);
      last = Math.max(last, at);
    }
    const hooks = summary('webhook (publish → receipt)', latencies, last - began, latencies.length);
    // Stages from the queue's rows: publish → queued (consumer committed), queued → claimed (the
    // worker's claim: its lease end minus the lease, for deliveries done at their first attempt; the
    // lease is the dispatcher's 2 × WEBHOOK_TIMEOUT_MS + 10 s), claimed → receipt (signing, POST),
    // receipt → recorded (the result's group commit).
    const leaseMs = 2 * envNumber('WEBHOOK_TIMEOUT_MS', 10_000) + 10_000;
    const db = new Client({ connectionString: stack.env.DATABASE_URL });
    await db.connect();
    const { rows } = await db.query<{ id: string; queued: number; claimed: number | null; recorded: number | null }>(
      `SELECT event_id AS id, (extract(epoch FROM created_at) * 1000)::float8 AS queued,
              CASE WHEN attempts = 1 AND status = 'delivered'
                   THEN (extract(epoch FROM next_attempt_at) * 1000)::float8 - $1 END AS claimed,
              (extract(epoch FROM delivered_at) * 1000)::float8 AS recorded
       FROM notifications.webhook_deliveries WHERE redelivery_of IS NULL`,
      [leaseMs],
    );
    await db.end();
    const stages = { consume: [] as number[], claim: [] as number[], send: [] as number[], record: [] as number[] };
    const deliver: number[] = [];
    for (const r of rows) {
      const t0 = published.get(r.id);
      const at = rx.arrivals.get(r.id);
      if (t0 !== undefined) stages.consume.push(r.queued - t0);
      if (at !== undefined) deliver.push(at - r.queued);
      if (r.claimed !== null) stages.claim.push(r.claimed - r.queued);
      if (r.claimed !== null && at !== undefined) stages.send.push(at - r.claimed);
      if (r.recorded !== null && at !== undefined) stages.record.push(r.recorded - at);
    }
    for (const list of [deliver, ...Object.values(stages)]) list.sort((a, b) => a - b);
    const consume = stages.consume;
    const lost = events - latencies.length;
    const fmt = (n: number): string => (Number.isFinite(n) ? n.toFixed(0) : '-');
    const lines = [
      '',
      `webhooks: ${events} delivery reports at ${rate}/s to ${accountCount} webhooks (one receiver on 127.0.0.1)`,
      '',
      '| | delivered | per second | p50 ms | p99 ms | max ms |',
      '|---|---|---|---|---|---|',
      ...[raw, hooks].map(
        (r) => `| ${r.title} | ${r.delivered} | ${fmt(r.perSecond)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} |`,
      ),
      '',
      `stages p50/p99 ms: publish → queued ${fmt(quantile(consume, 0.5))}/${fmt(quantile(consume, 0.99))}, queued → receipt ${fmt(quantile(deliver, 0.5))}/${fmt(quantile(deliver, 0.99))}`,
      `  of which queued → claimed ${fmt(quantile(stages.claim, 0.5))}/${fmt(quantile(stages.claim, 0.99))}, claimed → receipt ${fmt(quantile(stages.send, 0.5))}/${fmt(quantile(stages.send, 0.99))}; receipt → recorded ${fmt(quantile(stages.record, 0.5))}/${fmt(quantile(stages.record, 0.99))}`,
      `load average: ${loadBefore} before publishing, ${loadAverage()} after; notifications CPU ${cpuUsed.toFixed(1)} s, ${fmt((cpuUsed * 1000 * 1000) / Math.max(1, latencies.length))} µs per delivery`,
      `ratio p99 webhook / raw: ${(hooks.p99 / Math.max(1, raw.p99)).toFixed(1)}x; throughput webhook / raw: ${(hooks.perSecond / raw.perSecond).toFixed(2)}`,
      `lost: ${lost}, duplicates: ${rx.stats.duplicates}, unsigned: ${rx.stats.unsigned}, bad signature: ${rx.stats.badSignature} (raw phase: ${rawStats.badSignature} bad, ${rawStats.unsigned} unsigned)`,
      `target p99 ≤ ${TARGET_P99_MS} ms: ${hooks.p99 <= TARGET_P99_MS ? 'met' : 'MISSED'}; none lost: ${lost === 0 ? 'yes' : 'NO'}; none unsigned: ${rx.stats.unsigned + rx.stats.badSignature === 0 ? 'yes' : 'NO'}`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
    const failed = lost > 0 || rx.stats.unsigned > 0 || rx.stats.badSignature > 0;
    return failed || (strict && hooks.p99 > TARGET_P99_MS) ? 1 : 0;
  } finally {
    await rpc.close();
    await nc.drain();
  }
}

export async function run({ args }: BenchArgs): Promise<number> {
  const strict = isStrict(args);
  const events = envNumber('BENCH_EVENTS', 10_000);
  const rate = envNumber('BENCH_RATE', 500);
  const accountCount = envNumber('BENCH_ACCOUNTS', 100);
  const rx = await startReceiver();
  try {
    return await withBenchStack((stack) => measureWebhooks(stack, rx, { events, rate, accountCount, strict }), {
      apps: ['notifications'],
      nodeArgs: cpuProfArgs(args),
      overrides: {
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        ...(process.env.WEBHOOK_CONSUMER_CONCURRENCY
          ? { WEBHOOK_CONSUMER_CONCURRENCY: process.env.WEBHOOK_CONSUMER_CONCURRENCY }
          : {}),
        ...(process.env.WEBHOOK_SEND_CONCURRENCY ? { WEBHOOK_SEND_CONCURRENCY: process.env.WEBHOOK_SEND_CONCURRENCY } : {}),
      },
    });
  } finally {
    await rx.stop();
  }
}

export const description =
  'status events → notifications → signed webhook POSTs vs the same POSTs straight to the receiver';
