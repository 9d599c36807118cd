// Issue 12: 20,000 single-part messages queued (two POST /sms of 10,000 recipients), drained
// through messaging → SMPP → the smsc-simulator process, against a bare SMPP client (the same
// `smpp` package through @sms/smpp) pushing 20,000 submit_sm to the same simulator with the same
// window. Prints both rates, the ratio (target ≥ 0.5) and whether every receipt was applied.
// `npm run bench -- smpp [--strict] [--cpu-prof]`; BENCH_SMPP_MESSAGES (20000), BENCH_SMPP_WINDOW (10).
// --cpu-prof: every app writes a V8 CPU profile into tmp/bench-profiles/<ts>/ when the stack stops.
import type { SendSmsBody } from '@sms/contracts';
import { ESME_ROK, smppConnect, type SmscStats } from '@sms/smpp';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { Client } from 'pg';
import { fundedAccounts } from './funding';
import {
  type AppHandle,
  type BenchArgs,
  cpuProfArgs,
  envNumber,
  isStrict,
  log,
  profileWindow,
  request,
  sleep,
  withBenchStack,
} from './harness';

const TARGET_RATIO = 0.5;

/** Polls `probe` every 100 ms until it resolves a truthy value; that value, or an error after `timeoutMs`. */
async function until<T>(what: string, probe: () => Promise<T | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** 20,000 submit_sm with `window` outstanding, answering the receipts; resolves the elapsed ms. */
async function bareClient(port: number, total: number, window: number): Promise<{ elapsed: number; failed: number }> {
  const session = await smppConnect('127.0.0.1', port);
  let receipts = 0;
  session.on('deliver_sm', (_pdu, reply) => {
    receipts++;
    reply();
  });
  const bind = await session.request(
    'bind_transceiver',
    { system_id: 'smsc', password: 'secret', interface_version: 0x34 },
    10_000,
  );
  if (bind.command_status !== ESME_ROK) throw new Error(`bare client bind refused: ${bind.command_status}`);
  let next = 0;
  let failed = 0;
  const started = Date.now();
  const lane = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const resp = await session.request(
        'submit_sm',
        {
          source_addr_ton: 5,
          source_addr: 'BARE',
          dest_addr_ton: 1,
          dest_addr_npi: 1,
          destination_addr: `393${String(5_000_000 + i)}7`,
          registered_delivery: 1,
          data_coding: 0,
          short_message: { message: `Bare client message ${i}` },
        },
        10_000,
      );
      if (resp.command_status !== ESME_ROK) failed++;
    }
  };
  await Promise.all(Array.from({ length: window }, lane));
  const elapsed = Date.now() - started;
  // Unbind only once its own receipts are in (else the SMSC hands them to messaging's bind).
  await until('the bare client receipts', () => Promise.resolve(receipts >= total - failed), 120_000).catch(
    () => undefined,
  );
  await session.request('unbind', {}, 5000).catch(() => undefined);
  session.destroy();
  return { elapsed, failed };
}

/** utime + stime (s) of one process (Linux /proc; USER_HZ = 100), NaN when it cannot be read. */
function processSeconds(pid: number | string): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

/** The processes of the machine named `comm` (all of PostgreSQL's backends, say). */
function pidsNamed(comm: string): string[] {
  return readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm;
    } catch {
      return false;
    }
  });
}

/**
 * utime + stime (s) of each app, and of all `postgres` and `nats-server` processes together (a
 * backend that exits meanwhile takes its seconds with it: those two are lower bounds).
 */
function cpuSeconds(handles: AppHandle[]): Record<string, number> {
  const now: Record<string, number> = {};
  for (const h of handles) now[h.name] = processSeconds(h.pid);
  for (const comm of ['postgres', 'nats-server'])
    now[comm] = pidsNamed(comm).reduce((sum, pid) => sum + (processSeconds(pid) || 0), 0);
  return now;
}

/** Busy and total jiffies of the whole machine, all cores (Linux /proc/stat). */
function machineJiffies(): { busy: number; total: number } {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const n = fields.map(Number);
    const idle = n[3] + (n[4] ?? 0); // idle + iowait
    const total = n.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/** How busy the machine's cores were since `before`, as `73% of 2 cores`. */
function machineBusySince(before: { busy: number; total: number }): string {
  const now = machineJiffies();
  const share = (now.busy - before.busy) / (now.total - before.total);
  return `${(share * 100).toFixed(0)}% of ${cpus().length} cores`;
}

/** The CPU seconds used since `before`, most first, as `name s, …`. */
function cpuSecondsSince(handles: AppHandle[], before: Record<string, number>): string {
  return Object.entries(cpuSeconds(handles))
    .map(([name, s]): [string, number] => [name, s - (before[name] ?? 0)])
    .sort((a, b) => b[1] - a[1])
    .map(([name, s]) => `${name} ${s.toFixed(1)}`)
    .join(', ');
}

export async function run({ args }: BenchArgs): Promise<number> {
  const strict = isStrict(args);
  const total = envNumber('BENCH_SMPP_MESSAGES', 20000);
  const window = envNumber('BENCH_SMPP_WINDOW', 10);
  const nodeArgs = cpuProfArgs(args);
  if (process.env.SMPP_URL) throw new Error('unset SMPP_URL: this benchmark runs against its own simulator');
  // The simulator must not be the bottleneck of either side.
  process.env.SMSC_TPS = '1000000';
  process.env.SMSC_WINDOW = String(Math.max(window, 50));
  return withBenchStack(
    async (stack) => {
      const smsc = stack.smsc;
      if (!smsc?.controlUrl) throw new Error('the stack started no SMSC simulator');
      const control = smsc.controlUrl;
      const stats = async (): Promise<SmscStats> => (await (await fetch(`${control}/stats`)).json()) as SmscStats;
      const [user] = await fundedAccounts(stack, 1, total);
      const pg = new Client({ connectionString: stack.env.DATABASE_URL });
      await pg.connect();

      // The bare client first, on the idle stack: run after the platform, it met the tail of the
      // platform's own work (consumers still applying status events) and was slowed by as much as
      // that tail was long, so the ratio rewarded a platform that lagged.
      log(`bare client: ${total} submit_sm, window ${window}…`);
      const port = /:(\d+)$/.exec(smsc.url)?.[1];
      if (!port) throw new Error(`no port in the SMSC url ${smsc.url}`);
      const bare = await bareClient(Number(port), total, window);

      const submitsBefore = (await stats()).submits;
      log(`queueing ${total} messages (POST /sms of up to 10,000 recipients)…`);
      const profiled = profileWindow(stack);
      const pids = [...stack.apps.handles, ...(smsc.handle ? [smsc.handle] : [])];
      const cpuBefore = cpuSeconds(pids);
      const machineBefore = machineJiffies();
      profiled.begin();
      const started = Date.now();
      for (let offset = 0; offset < total; offset += 10_000) {
        const to = Array.from(
          { length: Math.min(10_000, total - offset) },
          (_, i) => `+393${String(1_000_000 + offset + i)}7`,
        );
        const body: SendSmsBody = { to, text: 'Benchmark over SMPP', sender: 'BENCH' };
        const res = await request('POST', `${stack.apiUrl}/sms`, { token: user.accessToken, body });
        if (res.status !== 202) throw new Error(`POST /sms answered ${res.status}: ${JSON.stringify(res.json)}`);
      }
      const queuedMs = Date.now() - started;
      const submittedWhenQueued = (await stats()).submits - submitsBefore;
      await until('every message submitted', async () => (await stats()).submits - submitsBefore >= total, 600_000);
      const drainMs = Date.now() - started;
      const delivered = await until(
        'every receipt applied',
        async () => {
          const { rows } = await pg.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM messaging.messages WHERE status = 'delivered'`,
          );
          return rows[0].n >= total ? rows[0].n : false;
        },
        300_000,
      ).catch(() => null);
      const receiptsMs = Date.now() - started;
      profiled.end();
      const cpuUsed = cpuSecondsSince(pids, cpuBefore);
      const machineBusy = machineBusySince(machineBefore);
      await pg.end();
      const afterPlatform = await stats();

      if (nodeArgs.length > 0) {
        // Measured: the relay's backlog would keep messaging's shutdown past the stack's 10 s, and a
        // killed process writes no profile. The database is dropped at the end anyway.
        const db = new Client({ connectionString: stack.env.DATABASE_URL });
        await db.connect();
        await db.query(`UPDATE messaging.outbox SET published_at = now() WHERE published_at IS NULL`);
        await db.end();
      }

      const platformRate = (total / drainMs) * 1000;
      const bareRate = (total / bare.elapsed) * 1000;
      const ratio = platformRate / bareRate;
      console.log(
        `\nmessaging → SMPP → simulator: ${total} messages queued and submitted in ${drainMs} ms = ${platformRate.toFixed(0)} msg/s (window ${window}, 1 bind)`,
      );
      console.log(`  the POSTs answered after ${queuedMs} ms, by when ${submittedWhenQueued} had been submitted`);
      console.log(
        `  every receipt applied (${total} delivered): ${delivered ? `yes, ${receiptsMs} ms after the first POST` : 'NO'}; SMSC duplicates ${afterPlatform.duplicates}, throttled ${afterPlatform.throttled}`,
      );
      console.log(
        `bare smpp client: ${total} submit_sm in ${bare.elapsed} ms = ${bareRate.toFixed(0)} msg/s (window ${window}, ${bare.failed} refused)`,
      );
      console.log(`ratio: ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO})`);
      console.log(`CPU seconds per process, first POST → every receipt applied: ${cpuUsed}`);
      console.log(`the whole machine meanwhile (PostgreSQL, NATS and this bench included): ${machineBusy} busy\n`);
      const checks: [name: string, ok: boolean][] = [
        [`ratio ≥ ${TARGET_RATIO}`, ratio >= TARGET_RATIO],
        ['every receipt applied', Boolean(delivered)],
      ];
      for (const [name, ok] of checks) console.log(`${ok ? 'PASS' : 'MISS'}  ${name}`);
      return strict && checks.some(([, ok]) => !ok) ? 1 : 0;
    },
    { carrier: 'smpp', nodeArgs, overrides: { SMPP_TPS: '100000', SMPP_WINDOW: String(window), SMSC_TPS: '1000000' } },
  );
}

export const description = 'messaging → SMPP → the simulator vs a bare smpp client with the same window (issue 12)';
