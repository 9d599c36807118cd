// Wallet hot path: (a) raw SQL baseline — the conditional debit UPDATE on one hot row from 16
// PostgreSQL connections; (b) the wallet's reserve command over NATS on one hot account from 16
// concurrent callers; (c) the same spread over 1,000 accounts. Target: b/a ≥ 1.0 (issue 16: reserves of one hot account coalesced into one transaction).
// `npm run bench -- wallet [--strict] [--cpu-prof]` (--cpu-prof: V8 profiles of identity and wallet, the window
// being (b)); BENCH_DURATION_S (10), BENCH_CONCURRENCY (16).
import { healthPing, WalletRpc } from '@sms/contracts';
import { RpcClient } from '@sms/nats';
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { Client } from 'pg';
import { creditThroughInvoicePaid } from './funding';
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

const TARGET_RATIO = 1.0;
const ACCOUNTS = 1000;

export interface HammerResult {
  ops: number;
  failures: number;
  opsPerSec: number;
  p50: number;
  p99: number;
}

/** Runs `op` from `concurrency` loops for `seconds`. */
async function hammer(
  concurrency: number,
  seconds: number,
  op: (loop: number) => Promise<unknown>,
): Promise<HammerResult> {
  const deadline = Date.now() + seconds * 1000;
  const latencies: number[] = [];
  let failures = 0;
  const loops = Array.from({ length: concurrency }, async (_, i) => {
    while (Date.now() < deadline) {
      const t0 = process.hrtime.bigint();
      try {
        await op(i);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      } catch {
        failures++;
      }
    }
  });
  const started = Date.now();
  await Promise.all(loops);
  const elapsed = (Date.now() - started) / 1000;
  latencies.sort((x, y) => x - y);
  const q = (p: number): number =>
    latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : 0;
  return { ops: latencies.length, failures, opsPerSec: latencies.length / elapsed, p50: q(0.5), p99: q(0.99) };
}

/** No gateway in this stack (not needed): waits for the wallet itself to answer. */
async function waitForWallet(rpc: RpcClient): Promise<void> {
  for (let tries = 0; ; tries++) {
    try {
      await rpc.send(healthPing('wallet'), {}, 1000);
      return;
    } catch (err) {
      if (tries > 60) throw err;
      await sleep(500);
    }
  }
}

/** Waits until the wallet holds at least `count` wallets (each credited by its first event). */
async function waitForWallets(admin: Client, count: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM wallet.wallets`);
    if (rows[0].n >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${rows[0].n} wallets funded`);
    await sleep(250);
  }
}

const row = (label: string, r: HammerResult): string =>
  `${label.padEnd(44)} ${r.opsPerSec.toFixed(0).padStart(8)} ops/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99
    .toFixed(1)
    .padStart(6)} ms   ${r.ops} ok, ${r.failures} failed`;

const loads = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' ');

async function measureWallet(stack: BenchStack, strict: boolean, loadBefore: number[]): Promise<number> {
  const seconds = envNumber('BENCH_DURATION_S', 10);
  const concurrency = envNumber('BENCH_CONCURRENCY', 16);
  const rpc = new RpcClient({
    natsUrl: stack.env.NATS_URL,
    timeoutMs: 10000,
    prefix: stack.env.NATS_PREFIX,
    name: 'wallet-bench',
  });
  await rpc.connect();
  const pgClients: Client[] = [];
  try {
    await waitForWallet(rpc);
    const hot = randomUUID();
    const spread = Array.from({ length: ACCOUNTS }, () => randomUUID());
    log(`funding 1 hot and ${ACCOUNTS} spread accounts…`);
    await creditThroughInvoicePaid(stack, [
      { accountId: hot, smsCount: 100_000_000 },
      ...spread.map((accountId) => ({ accountId, smsCount: 1_000_000 })),
    ]);
    const admin = new Client({ connectionString: stack.env.DATABASE_URL });
    await admin.connect();
    pgClients.push(admin);
    await waitForWallets(admin, ACCOUNTS + 1);

    // (a) Raw SQL baseline: the same conditional debit on one hot row, autocommit.
    await admin.query(
      `CREATE TABLE public.bench_hot (id int PRIMARY KEY, balance bigint NOT NULL CHECK (balance >= 0))`,
    );
    await admin.query(`INSERT INTO public.bench_hot VALUES (1, 1000000000)`);
    const sqlClients: Client[] = [];
    for (let i = 0; i < concurrency; i++) {
      const c = new Client({ connectionString: stack.env.DATABASE_URL });
      await c.connect();
      pgClients.push(c);
      sqlClients.push(c);
    }
    const debitRow = (i: number) =>
      sqlClients[i].query(`UPDATE public.bench_hot SET balance = balance - 1 WHERE id = 1 AND balance >= 1`);
    const reserve = (accountId: string) =>
      rpc.send(WalletRpc.reserve, { reservationId: randomUUID(), accountId, credits: 1, messages: 1 });

    log('warming up (2 s each)…');
    await hammer(concurrency, 2, debitRow);
    await hammer(concurrency, 2, () => reserve(hot));

    log(`(a) raw UPDATE on one hot row, ${concurrency} connections, ${seconds} s…`);
    const a = await hammer(concurrency, seconds, debitRow);
    log(`(b) reserve over NATS on one hot account, ${concurrency} callers, ${seconds} s…`);
    const profiled = profileWindow(stack);
    profiled.begin();
    const b = await hammer(concurrency, seconds, () => reserve(hot));
    profiled.end();
    log(`(c) reserve over NATS spread over ${ACCOUNTS} accounts, ${concurrency} callers, ${seconds} s…`);
    const c = await hammer(concurrency, seconds, () => reserve(spread[Math.floor(Math.random() * ACCOUNTS)]));

    const verification = await rpc.send(WalletRpc.verify, {}, 60000);
    const ratio = b.opsPerSec / a.opsPerSec;
    const ok = ratio >= TARGET_RATIO;
    process.stdout.write(
      [
        '',
        `wallet benchmark — ${concurrency} concurrent, ${seconds} s each`,
        row('(a) raw conditional UPDATE, one hot row', a),
        row('(b) reserve over NATS, one hot account', b),
        row(`(c) reserve over NATS, ${ACCOUNTS} accounts`, c),
        '',
        `ratio b/a: ${ratio.toFixed(3)}   target ≥ ${TARGET_RATIO}   ${ok ? 'OK' : 'MISSED'}`,
        `ratio c/a: ${(c.opsPerSec / a.opsPerSec).toFixed(3)}`,
        `ledger verify after the run: ${verification.ok ? 'clean' : 'PROBLEMS'} (${verification.walletsChecked} wallets, ${verification.transfersChecked} transfers)`,
        `load average (1/5/15 min) before: ${loads(loadBefore)}   after: ${loads(os.loadavg())}   cores: ${os.cpus().length}`,
        '',
      ].join('\n'),
    );
    if (!verification.ok || b.failures + c.failures > 0) return 1;
    return strict && !ok ? 1 : 0;
  } finally {
    for (const c of pgClients) await c.end().catch(() => undefined);
    await rpc.close().catch(() => undefined);
  }
}

export async function run({ args }: BenchArgs): Promise<number> {
  const strict = isStrict(args);
  // The machine is shared: the load average says how much of it the run really had.
  const loadBefore = os.loadavg();
  const nodeArgs = cpuProfArgs(args);
  return withBenchStack((stack) => measureWallet(stack, strict, loadBefore), {
    apps: ['identity', 'wallet'],
    nodeArgs,
  });
}

export const description = 'wallet reserve over NATS vs the raw conditional UPDATE on a hot row';
