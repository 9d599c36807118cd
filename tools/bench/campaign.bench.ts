// A 10,000-recipient campaign (issue 16): `POST /sms` answered 202 in ≤ 1 s and every message handed
// to the carrier (simulated, throttle off) ≤ 5 s after the POST. For comparison, in the same run, the
// raw path doing the same database work framework-free (HTTP → NATS → a bare responder inserting
// 10,000 rows in one statement, `tools/bench/raw` mode 'bulk'): ratio = raw time / POST time.
// `npm run bench -- campaign [--strict] [--cpu-prof]` (profiles as in send.bench.ts); BENCH_CAMPAIGNS (3): campaigns measured one after another.
import type { SendSmsResult } from '@sms/contracts';
import { Client } from 'pg';
import { fundedAccounts } from './funding';
import {
  type BenchArgs,
  type BenchStack,
  cpuProfArgs,
  envNumber,
  expectJson,
  isStrict,
  log,
  profileWindow,
  sleep,
  verdict,
  withBenchStack,
} from './harness';
import { startRawPath } from './raw';

const RECIPIENTS = 10_000;
const TARGET_ACCEPT_MS = 1000;
const TARGET_CARRIER_MS = 5000;

const recipients = (run: number): string[] =>
  Array.from({ length: RECIPIENTS }, (_, i) => `+39333${String(run).padStart(1, '0')}${String(i).padStart(6, '0')}`);

interface CampaignTimes {
  acceptedMs: number;
  carrierMs: number | null;
}

/** Raw: the same 10,000-row insert behind HTTP → NATS, framework-free; one warm-up, then `campaigns` timings (ms). */
async function rawTimes(stack: BenchStack, campaigns: number): Promise<number[]> {
  const raw = await startRawPath(stack, 'bulk');
  const rawMs: number[] = [];
  try {
    for (let i = 0; i <= campaigns; i++) {
      const t0 = Date.now();
      const res = await fetch(raw.url, { method: 'POST', body: '{}' });
      await res.arrayBuffer();
      if (res.status !== 202) throw new Error(`raw path answered ${res.status}`);
      if (i > 0) rawMs.push(Date.now() - t0); // the first one warms up
    }
  } finally {
    await raw.stop();
  }
  return rawMs;
}

/** `campaigns` 10,000-recipient POST /sms one after another: time to 202, and until every message is at the carrier. */
async function campaignTimes(stack: BenchStack, token: string, campaigns: number): Promise<CampaignTimes[]> {
  const pg = new Client({ connectionString: stack.env.DATABASE_URL });
  await pg.connect();
  const results: CampaignTimes[] = [];
  const profiled = profileWindow(stack);
  profiled.begin();
  try {
    for (let i = 0; i < campaigns; i++) {
      const t0 = Date.now();
      const { campaignId } = await expectJson<SendSmsResult>(202, 'POST', `${stack.apiUrl}/sms`, {
        token,
        body: { to: recipients(i), text: 'Benchmark campaign: 10,000 recipients', sender: 'BENCH' },
      });
      const acceptedMs = Date.now() - t0;
      let carrierMs: number | null = null;
      while (Date.now() - t0 < 60_000) {
        const { rows } = await pg.query<{ handed: number }>(
          `SELECT count(*) FILTER (WHERE sent_at IS NOT NULL OR status <> 'queued')::int AS handed
             FROM messaging.messages WHERE campaign_id = $1`,
          [campaignId],
        );
        if (rows[0].handed >= RECIPIENTS) {
          carrierMs = Date.now() - t0;
          break;
        }
        await sleep(50);
      }
      log(`campaign ${i + 1}: 202 after ${acceptedMs} ms, all at the carrier after ${carrierMs ?? '—'} ms`);
      results.push({ acceptedMs, carrierMs });
    }
  } finally {
    profiled.end();
    await pg.end();
  }
  return results;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run({ args }: BenchArgs): Promise<number> {
  const strict = isStrict(args);
  const campaigns = envNumber('BENCH_CAMPAIGNS', 3);
  return withBenchStack(
    async (stack) => {
      const [user] = await fundedAccounts(stack, 1);
      const rawMs = await rawTimes(stack, campaigns);
      const results = await campaignTimes(stack, user.accessToken, campaigns);

      const accepted = median(results.map((r) => r.acceptedMs));
      const carrierMs = results.map((r) => r.carrierMs).filter((ms): ms is number => ms !== null);
      const handed = carrierMs.length === results.length ? median(carrierMs) : null;
      const rawMedian = median(rawMs);
      console.log(
        [
          '',
          `campaign benchmark — ${RECIPIENTS} recipients, ${campaigns} campaigns one after another (medians)`,
          `(a) raw HTTP → NATS → one ${RECIPIENTS}-row INSERT:   ${rawMedian} ms   (${rawMs.join(', ')})`,
          `(b) POST /sms → 202:                              ${accepted} ms   (${results.map((r) => r.acceptedMs).join(', ')})`,
          `    POST → every message at the carrier:          ${handed ?? '—'} ms   (${results.map((r) => r.carrierMs ?? '—').join(', ')})`,
          `    accept rate ${(RECIPIENTS / (accepted / 1000)).toFixed(0)} msg/s, dispatch rate ${handed ? (RECIPIENTS / (handed / 1000)).toFixed(0) : '—'} msg/s`,
          `ratio a/b (time): ${(rawMedian / accepted).toFixed(3)}`,
          '',
        ].join('\n'),
      );
      return verdict(
        [
          [`202 ≤ ${TARGET_ACCEPT_MS} ms`, accepted <= TARGET_ACCEPT_MS, `${accepted} ms`],
          [
            `all at the carrier ≤ ${TARGET_CARRIER_MS} ms`,
            handed !== null && handed <= TARGET_CARRIER_MS,
            handed === null ? 'not within 60 s' : `${handed} ms`,
          ],
          ['every message handed over', handed !== null, String(handed !== null), true],
        ],
        strict,
      );
    },
    { overrides: { CARRIER_MAX_SUBMITS_PER_SECOND: '1000000', CARRIER_BURST: '1000000' }, nodeArgs: cpuProfArgs(args) },
  );
}

export const description =
  'a 10,000-recipient POST /sms: 202 time and time until all at the carrier, vs a raw bulk insert';
