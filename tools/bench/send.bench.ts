// POST /sms hot path against the raw path measured in the same run: (a) a framework-free HTTP
// server doing one NATS request to a bare responder doing one INSERT (tools/bench/raw), (b)
// single-recipient sends through the gateway (autocannon, 50 connections, 20 s each), then how long
// until every accepted message is visible in reporting's history.
// Targets: rps(b)/rps(a) ≥ 0.25, p99(b) ≤ 4 × p99(a), all visible ≤ 5 s after the run.
// `npm run bench -- send [--strict] [--cpu-prof]`; BENCH_DURATION_S (20), BENCH_CONNECTIONS (50).
// --cpu-prof: every app writes a V8 CPU profile (node --cpu-prof) into tmp/bench-profiles/<ts>/ on stop.
import type autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { type FundedUser, fundedAccounts } from './funding';
import {
  type BenchArgs,
  type BenchStack,
  type Check,
  cpuProfArgs,
  envNumber,
  formatTable,
  isStrict,
  log,
  type Measurement,
  measure,
  profileWindow,
  sleep,
  verdict,
  withBenchStack,
} from './harness';
import { startRawPath } from './raw';

const TARGET_RATIO = 0.25;
const TARGET_P99_FACTOR = 4;
const TARGET_VISIBLE_MS = 5000;

/** utime + stime (s) of each app process, from /proc (Linux). */
function cpuByApp(stack: BenchStack): Map<string, number> {
  const ticks = 100; // USER_HZ
  const out = new Map<string, number>();
  for (const h of stack.apps.handles) {
    try {
      const fields = readFileSync(`/proc/${h.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      out.set(h.name, (Number(fields[11]) + Number(fields[12])) / ticks);
    } catch {
      /* not Linux, or exited */
    }
  }
  return out;
}

/** The autocannon options of the send workload: single-recipient POST /sms, round-robin over the accounts. */
export function sendRequest(stack: BenchStack, users: FundedUser[]): autocannon.Options & { body: string } {
  let next = 0;
  return {
    url: `${stack.apiUrl}/sms`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ to: ['+393331234567'], text: 'Benchmark message: your code is 123456', sender: 'BENCH' }),
    setupClient: (client) => {
      client.setHeaders({
        'content-type': 'application/json',
        authorization: `Bearer ${users[next++ % users.length].accessToken}`,
      });
    },
  };
}

/** Waits until reporting's history shows `accepted` messages of `users`; ms after `since`, or null after 60 s. */
async function visibleAfter(
  stack: BenchStack,
  users: FundedUser[],
  accepted: number,
  since: number,
): Promise<{ visible: number; afterMs: number | null }> {
  const pg = new Client({ connectionString: stack.env.DATABASE_URL });
  await pg.connect();
  try {
    let visible = 0;
    const deadline = since + 60_000;
    while (Date.now() < deadline) {
      const { rows } = await pg.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM reporting.messages WHERE account_id = ANY($1::uuid[]) AND submitted_at IS NOT NULL`,
        [users.map((u) => u.accountId)],
      );
      visible = rows[0].n;
      if (visible >= accepted) return { visible, afterMs: Date.now() - since };
      await sleep(100);
    }
    return { visible, afterMs: null };
  } finally {
    await pg.end();
  }
}

async function measureRaw(stack: BenchStack, body: string, duration: number): Promise<Measurement> {
  const raw = await startRawPath(stack, 'insert');
  try {
    log('warming up the raw path 2 s…');
    await measure('warm-up raw', { url: raw.url, method: 'POST', body, duration: 2 });
    log(`measuring the raw path for ${duration} s…`);
    return await measure('(a) raw HTTP → NATS → PG INSERT', { url: raw.url, method: 'POST', body, duration });
  } finally {
    await raw.stop();
  }
}

async function measureSend(stack: BenchStack, strict: boolean, duration: number): Promise<number> {
  // Many accounts by default (multi-tenant traffic); BENCH_SEND_ACCOUNTS=1 measures one hot wallet.
  const accounts = envNumber('BENCH_SEND_ACCOUNTS', 50);
  const users = await fundedAccounts(stack, accounts);
  const send = sendRequest(stack, users);
  const rawResult = await measureRaw(stack, send.body, duration);
  log('warming up 3 s…');
  const warm = await measure('warm-up', { ...send, duration: 3 });
  const cpuBefore = cpuByApp(stack);
  const profiled = profileWindow(stack);
  profiled.begin();
  log(`measuring POST /sms for ${duration} s…`);
  const result = await measure(`(b) POST /sms (1 recipient, ${accounts} accounts)`, { ...send, duration });
  profiled.end();
  const runEnded = Date.now();
  const cpuAfter = cpuByApp(stack);
  const accepted = warm.raw['2xx'] + result.raw['2xx'];
  const { visible, afterMs: visibleAfterMs } = await visibleAfter(stack, users, accepted, runEnded);

  const ratio = result.rps / rawResult.rps;
  const p99Factor = result.p99 / Math.max(rawResult.p99, 1);
  console.log(`\n${formatTable([rawResult, result])}\n`);
  console.log(`ratio b/a (req/s): ${ratio.toFixed(3)}   p99(b) / p99(a): ${p99Factor.toFixed(2)}`);
  console.log(
    `accepted (202): ${accepted}; visible in history: ${visible}; all visible ${visibleAfterMs === null ? 'NOT within 60 s' : `${visibleAfterMs} ms after the run`}`,
  );
  const cpu = [...cpuAfter]
    .map(([app, secs]): [string, number] => [app, secs - (cpuBefore.get(app) ?? 0)])
    .sort((a, b) => b[1] - a[1]);
  console.log(`CPU seconds used during the run: ${cpu.map(([app, secs]) => `${app} ${secs.toFixed(1)}`).join(', ')}`);
  const checks: Check[] = [
    [
      `req/s b/a ≥ ${TARGET_RATIO}`,
      ratio >= TARGET_RATIO,
      `${ratio.toFixed(3)} (${result.rps.toFixed(0)} vs ${rawResult.rps.toFixed(0)})`,
    ],
    [
      `p99(b) ≤ ${TARGET_P99_FACTOR} × p99(a)`,
      p99Factor <= TARGET_P99_FACTOR,
      `${p99Factor.toFixed(2)}× (${result.p99} vs ${rawResult.p99} ms)`,
    ],
    [
      `all visible ≤ ${TARGET_VISIBLE_MS} ms`,
      visibleAfterMs !== null && visibleAfterMs <= TARGET_VISIBLE_MS,
      visibleAfterMs === null ? '—' : `${visibleAfterMs} ms`,
    ],
    ['no errors / non-2xx', result.errors === 0 && result.non2xx === 0, `${result.errors} / ${result.non2xx}`, true],
    [
      'raw path: no errors / non-2xx',
      rawResult.errors === 0 && rawResult.non2xx === 0,
      `${rawResult.errors} / ${rawResult.non2xx}`,
      true,
    ],
    ['some SMS accepted', accepted > 0, String(accepted), true],
  ];
  return verdict(checks, strict);
}

export async function run({ args }: BenchArgs): Promise<number> {
  const strict = isStrict(args);
  const duration = envNumber('BENCH_DURATION_S', 20);
  const nodeArgs = cpuProfArgs(args);
  return withBenchStack((stack) => measureSend(stack, strict, duration), { nodeArgs });
}

export const description =
  'single-recipient POST /sms vs a raw HTTP → NATS → PostgreSQL INSERT, then history visibility';
