// Balance alerts end to end: 500 debits/s (the wallet's reserve command over NATS) spread over 200
// accounts for 20 s; a fifth of the accounts sit just above their threshold and cross it again and again
// (a refund lifts each one back above the threshold 1.5 s after each crossing). Measures the latency from
// the debit's commit (its reply) to the alert e-mail accepted by an SMTP server run here, and checks
// exactly one mail per crossing. Targets: p99 ≤ 1 s, mails = crossings.
// `npm run bench -- alerts [--strict]`; BENCH_DURATION_S (20), BENCH_RATE (500), BENCH_ACCOUNTS (200).
import { type Actor, healthPing, IdentityRpc, NotificationsRpc, WalletRpc } from '@sms/contracts';
import { RpcClient } from '@sms/nats';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { creditThroughInvoicePaid } from './funding';
import { type BenchArgs, type BenchStack, envNumber, isStrict, log, sleep, withBenchStack } from './harness';

const TARGET_P99_MS = 1000;
const FUNDS = 2000;
const BANK = 500; // reserved up front by each crossing account, refunded bit by bit to lift it back above
const CROSSING_MARGIN = 3; // crossing accounts start this many credits above their threshold
const REARM_AFTER_MS = 1500;

interface SmtpCatcher {
  url: string;
  /** address → when each mail to it was accepted (ms). */
  accepted: Map<string, number[]>;
  /** Message-IDs, to spot a mail sent twice. */
  headers: string[];
  stop(): Promise<void>;
}

interface Crossing {
  sentAt: number;
  repliedAt: number;
}

interface BenchAccount {
  i: number;
  crossing: boolean;
  email: string;
  actor: Actor;
  /** The reservation a crossing account refunds from to climb back above its threshold. */
  bank: string;
  balance: number;
  threshold: number;
  crossings: Crossing[];
  /** Debits sent and not answered yet. */
  pending: number;
}

interface Load {
  issued: number;
  failed: number;
  topUps: number;
  topUpFailures: number;
  seconds: number;
  debitLatencies: number[];
  /** Why the first failed debit failed (the figures mean little without it). */
  firstFailure?: string;
}

/** An SMTP server that records, per recipient, when it accepted each mail. */
async function startSmtpCatcher(): Promise<SmtpCatcher> {
  const accepted = new Map<string, number[]>();
  const headers: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onData(stream, session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 4096) head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        const at = Date.now();
        // Verification codes (sent when an address is saved) are not alerts.
        if (/^message-id:\s*<alert-verification\./im.test(head)) return callback();
        for (const r of session.envelope.rcptTo) {
          const times = accepted.get(r.address) ?? [];
          times.push(at);
          accepted.set(r.address, times);
        }
        const id = /^message-id:\s*(\S+)/im.exec(head);
        if (id) headers.push(id[1]);
        callback();
      });
    },
  });
  // Like Mailpit (Go sets TCP_NODELAY): replies are not held back by Nagle.
  server.server.prependListener('connection', (socket: Socket) => socket.setNoDelay(true));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    accepted,
    headers,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function quantile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function waitForServices(rpc: RpcClient): Promise<void> {
  for (const service of ['identity', 'wallet', 'notifications'] as const) {
    for (let tries = 0; ; tries++) {
      try {
        await rpc.send(healthPing(service), {}, 1000);
        break;
      } catch (err) {
        if (tries > 60) throw err;
        await sleep(500);
      }
    }
  }
}

/** Signs up, funds and sets the alert of every account; crossing accounts end CROSSING_MARGIN above their threshold. */
async function prepareAccounts(
  stack: BenchStack,
  rpc: RpcClient,
  admin: Client,
  accountCount: number,
  crossingCount: number,
): Promise<BenchAccount[]> {
  log(`signing up ${accountCount} accounts…`);
  const accounts: BenchAccount[] = [];
  await pool(
    Array.from({ length: accountCount }, (_, i) => i),
    4,
    async (i) => {
      const email = `bench-alerts-${i}-${randomBytes(3).toString('hex')}@example.com`;
      const res = await rpc.send(IdentityRpc.signup, {
        email: `owner-${email}`,
        password: 'bench-password-0123',
        firstName: 'Bench',
        lastName: `Owner ${i}`,
        company: `Bench ${i} S.r.l.`,
      });
      accounts.push({
        i,
        crossing: i < crossingCount,
        email,
        actor: { userId: res.userId, accountId: res.accountId, role: 'owner' },
        bank: '',
        balance: FUNDS,
        threshold: 0,
        crossings: [],
        pending: 0,
      });
    },
  );
  accounts.sort((a, b) => a.i - b.i);

  log(`funding them (${FUNDS} credits each, through "invoice paid" events)…`);
  await creditThroughInvoicePaid(
    stack,
    accounts.map((a) => ({ accountId: a.actor.accountId, smsCount: FUNDS })),
  );
  for (const deadline = Date.now() + 120_000; ; ) {
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM wallet.wallets WHERE balance = $1`,
      [FUNDS],
    );
    if (rows[0].n >= accountCount) break;
    if (Date.now() > deadline) throw new Error(`only ${rows[0].n} wallets funded`);
    await sleep(250);
  }

  log(`setting the alerts (${crossingCount} accounts ${CROSSING_MARGIN} credits above their threshold)…`);
  for (const a of accounts) {
    if (a.crossing) {
      a.bank = randomUUID();
      const r = await rpc.send(WalletRpc.reserve, {
        reservationId: a.bank,
        accountId: a.actor.accountId,
        credits: BANK,
        messages: BANK,
      });
      a.balance = r.balanceAfter;
      a.threshold = a.balance - CROSSING_MARGIN;
    } else {
      a.threshold = 100; // 50 debits of 1 credit never get there
    }
    await rpc.send(NotificationsRpc.updateBalanceAlert, {
      actor: a.actor,
      settings: { threshold: a.threshold, email: { address: a.email, active: true } },
    });
  }
  // The verification flow has its own tests; here every address counts as verified.
  await admin.query(`UPDATE notifications.balance_alerts SET email_verified = true`);
  return accounts;
}

/** `rate` debits per second round-robin over the accounts for `seconds`; each crossing re-armed by a refund. */
async function debitLoad(rpc: RpcClient, accounts: BenchAccount[], rate: number, seconds: number): Promise<Load> {
  const load: Load = { issued: 0, failed: 0, topUps: 0, topUpFailures: 0, seconds: 0, debitLatencies: [] };
  const inFlight = new Set<Promise<void>>();
  const track = (p: Promise<void>): void => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const topUp = async (a: BenchAccount): Promise<void> => {
    // Enough to end above the threshold even once the debits still in flight have landed.
    const credits = Math.max(1, a.threshold + 1 + CROSSING_MARGIN - (a.balance - a.pending));
    try {
      const r = await rpc.send(WalletRpc.refund, {
        refundId: randomUUID(),
        reservationId: a.bank,
        credits,
        messages: credits,
      });
      a.balance = r.balanceAfter;
      load.topUps++;
    } catch {
      load.topUpFailures++;
    }
  };
  const debit = async (a: BenchAccount): Promise<void> => {
    const sentAt = Date.now();
    a.pending++;
    try {
      const r = await rpc.send(WalletRpc.reserve, {
        reservationId: randomUUID(),
        accountId: a.actor.accountId,
        credits: 1,
        messages: 1,
      });
      const repliedAt = Date.now();
      load.debitLatencies.push(repliedAt - sentAt);
      a.balance = r.balanceAfter;
      // The same rule as the service: this transfer took the balance from above the threshold to it or below.
      if (r.balanceAfter + 1 > a.threshold && r.balanceAfter <= a.threshold) {
        a.crossings.push({ sentAt, repliedAt });
        track(sleep(REARM_AFTER_MS).then(() => topUp(a)));
      }
    } catch (err) {
      load.failed++;
      load.firstFailure ??= err instanceof Error ? err.message : String(err);
    } finally {
      a.pending--;
    }
  };
  const started = Date.now();
  while (Date.now() - started < seconds * 1000) {
    const due = Math.floor(((Date.now() - started) * rate) / 1000);
    while (load.issued < due) {
      track(debit(accounts[load.issued % accounts.length]));
      load.issued++;
    }
    await sleep(5);
  }
  load.seconds = (Date.now() - started) / 1000;
  await Promise.all([...inFlight]);
  load.debitLatencies.sort((x, y) => x - y);
  return load;
}

interface StageRow {
  relay50: number;
  relay99: number;
  detect50: number;
  detect99: number;
  send50: number;
  send99: number;
}

async function alertStats(
  admin: Client,
): Promise<{ statuses: { status: string; n: number; maxAttempts: number }[]; stages: StageRow }> {
  const { rows: statuses } = await admin.query<{ status: string; n: number; maxAttempts: number }>(
    `SELECT status, count(*)::int AS n, max(attempts)::int AS "maxAttempts" FROM notifications.alerts GROUP BY status ORDER BY status`,
  );
  // Where the time goes: wallet outbox → JetStream (relay), → alert row (detector), → SMTP accepted (dispatcher).
  const { rows: stages } = await admin.query<StageRow>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms_relay) AS relay50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms_relay) AS relay99,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ms_detect) AS detect50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms_detect) AS detect99,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ms_send) AS send50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms_send) AS send99
     FROM (SELECT extract(epoch FROM o.published_at - o.created_at) * 1000 AS ms_relay,
                  extract(epoch FROM a.created_at - o.published_at) * 1000 AS ms_detect,
                  extract(epoch FROM a.sent_at - a.created_at) * 1000 AS ms_send
           FROM notifications.alerts a JOIN wallet.outbox o ON o.id = a.event_id) t`,
  );
  return { statuses, stages: stages[0] };
}

async function measureAlerts(stack: BenchStack, smtp: SmtpCatcher, strict: boolean): Promise<number> {
  const seconds = envNumber('BENCH_DURATION_S', 20);
  const rate = envNumber('BENCH_RATE', 500);
  const accountCount = envNumber('BENCH_ACCOUNTS', 200);
  const crossingCount = Math.round(accountCount / 5);
  const rpc = new RpcClient({
    natsUrl: stack.env.NATS_URL,
    timeoutMs: 10000,
    prefix: stack.env.NATS_PREFIX,
    name: 'alerts-bench',
  });
  await rpc.connect();
  const admin = new Client({ connectionString: stack.env.DATABASE_URL });
  await admin.connect();
  try {
    await waitForServices(rpc);
    const accounts = await prepareAccounts(stack, rpc, admin, accountCount, crossingCount);
    // Let the setting-up events (funding, bank reservations) drain before measuring.
    await sleep(2000);

    log(`debiting: ${rate}/s over ${accountCount} accounts for ${seconds} s…`);
    const load = await debitLoad(rpc, accounts, rate, seconds);
    const { issued, failed } = load;

    const crossings = accounts.reduce((n, a) => n + a.crossings.length, 0);
    const mailsTo = (a: BenchAccount): number[] => smtp.accepted.get(a.email) ?? [];
    const mailCount = (): number => accounts.reduce((n, a) => n + mailsTo(a).length, 0);
    log(`load done (${issued} debits, ${crossings} crossings); waiting for the mails…`);
    for (const deadline = Date.now() + 60_000; mailCount() < crossings && Date.now() < deadline; ) await sleep(200);
    await sleep(3000); // anything sent twice would show up now

    // Pair each account's crossings and mails in order (crossings of one account are ≥ 1.5 s apart).
    const fromReply: number[] = [];
    const fromRequest: number[] = [];
    let missing = 0;
    let extra = 0;
    for (const a of accounts) {
      const mails = [...mailsTo(a)].sort((x, y) => x - y);
      if (!a.crossing) {
        extra += mails.length;
        continue;
      }
      missing += Math.max(0, a.crossings.length - mails.length);
      extra += Math.max(0, mails.length - a.crossings.length);
      a.crossings.forEach((c, k) => {
        if (mails[k] === undefined) return;
        fromReply.push(mails[k] - c.repliedAt);
        fromRequest.push(mails[k] - c.sentAt);
      });
    }
    fromReply.sort((x, y) => x - y);
    fromRequest.sort((x, y) => x - y);
    const { statuses, stages } = await alertStats(admin);
    const duplicateIds = smtp.headers.length - new Set(smtp.headers).size;
    const p99 = quantile(fromReply, 0.99);
    const okLatency = p99 <= TARGET_P99_MS;
    const okCount = missing === 0 && extra === 0 && duplicateIds === 0;
    const ms = (v: number | undefined): string => `${v !== undefined && Number.isFinite(v) ? v.toFixed(0) : '-'} ms`;
    const lat = load.debitLatencies;
    process.stdout.write(
      [
        '',
        `alerts benchmark — ${accountCount} accounts (${crossingCount} crossing), ${rate} debits/s for ${seconds} s`,
        `debits: ${issued - failed} ok, ${failed} failed, ${((issued - failed) / load.seconds).toFixed(0)}/s achieved; reserve reply p50 ${ms(quantile(lat, 0.5))}, p99 ${ms(quantile(lat, 0.99))}`,
        `re-arming refunds: ${load.topUps} ok, ${load.topUpFailures} failed`,
        ...(load.firstFailure ? [`first failed debit: ${load.firstFailure}`] : []),
        `crossings: ${crossings}   mails accepted: ${mailCount()}   missing: ${missing}   extra: ${extra}   same Message-ID twice: ${duplicateIds}`,
        `alert rows: ${statuses.map((s) => `${s.status} ${s.n} (max attempts ${s.maxAttempts})`).join(', ') || 'none'}`,
        `latency debit commit (reply) → mail accepted: p50 ${ms(quantile(fromReply, 0.5))}, p99 ${ms(p99)}, max ${ms(fromReply[fromReply.length - 1])}  (n=${fromReply.length})`,
        `latency debit request → mail accepted:       p50 ${ms(quantile(fromRequest, 0.5))}, p99 ${ms(quantile(fromRequest, 0.99))}`,
        `  stages p50/p99: wallet tx start → published ${ms(stages.relay50)}/${ms(stages.relay99)}, → alert raised ${ms(stages.detect50)}/${ms(stages.detect99)}, → mail accepted ${ms(stages.send50)}/${ms(stages.send99)}`,
        '',
        `p99 ≤ ${TARGET_P99_MS} ms: ${okLatency ? 'OK' : 'MISSED'}   exactly one mail per crossing: ${okCount ? 'OK' : 'MISSED'}`,
        '',
      ].join('\n'),
    );
    if (!okCount || failed > 0) return 1;
    return strict && !okLatency ? 1 : 0;
  } finally {
    await admin.end().catch(() => undefined);
    await rpc.close().catch(() => undefined);
  }
}

export async function run({ args }: BenchArgs): Promise<number> {
  const strict = isStrict(args);
  const smtp = await startSmtpCatcher();
  try {
    return await withBenchStack((stack) => measureAlerts(stack, smtp, strict), {
      apps: ['identity', 'wallet', 'notifications'],
      overrides: { SMTP_URL: smtp.url, ALERT_DAILY_CAP: '1000' },
    });
  } finally {
    await smtp.stop();
  }
}

export const description =
  'balance alerts: 500 debits/s over 200 accounts, debit commit → alert e-mail latency, one mail per crossing';
