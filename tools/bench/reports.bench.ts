// Usage reports at scale: one owner with 200 sub-accounts and 5 million messages over 12 months,
// seeded server-side with generate_series (indexes dropped and rebuilt), rollups built from the
// rows by set-based INSERT … SELECTs (what the projection would have added up: daily, then monthly). Then p50/p95 of
// a 12-month GET /reports/summary grouped by month and by sub-account through the gateway, and
// in the same run the same figures computed by a scan of reporting.messages (SQL, no HTTP).
// Target: p95 ≤ 50 ms each. `npm run bench -- reports [--strict]`;
// BENCH_REPORTS_ROWS (5000000), BENCH_SAMPLES (200), BENCH_CONCURRENCY (4), BENCH_SCANS (5).
import type { MeView, UsageSummary } from '@sms/contracts';
import { Client } from 'pg';
import {
  type BenchArgs,
  type Check,
  envNumber,
  expectJson,
  isStrict,
  log,
  signupAndLogin,
  verdict,
  withBenchStack,
} from './harness';

const TARGET_P95_MS = 50;
const SUBS = 200;
const ZONE = 'Europe/Rome';

async function seed(pg: Client, owner: string, total: number): Promise<void> {
  const t0 = Date.now();
  await pg.query(`SET maintenance_work_mem = '512MB'`);
  await pg.query(`ALTER TABLE reporting.messages DROP CONSTRAINT messages_pkey`);
  await pg.query(`DROP INDEX reporting.messages_account_submitted_idx`);
  await pg.query(`DROP INDEX reporting.messages_account_recipient_idx`);
  const chunk = 1_000_000;
  for (let from = 1; from <= total; from += chunk) {
    const to = Math.min(total, from + chunk - 1);
    // Row g: the owner's own when g % 201 = 0, else sub-account g % 201; spread over 365 days;
    // 1 or 2 segments; 94% delivered, 4% failed, 2% expired.
    await pg.query(
      `INSERT INTO reporting.messages (id, account_id, parent_account_id, campaign_id, campaign_size, recipient, sender,
         text, segments, status, status_rank, status_at, submitted_at, delivered_at, error_code)
       SELECT gen_random_uuid(), CASE WHEN g % 201 = 0 THEN $3::uuid ELSE md5($3 || '-sub-' || (g % 201))::uuid END,
              CASE WHEN g % 201 = 0 THEN NULL ELSE $3::uuid END, md5('c' || (g / 10))::uuid, 10,
              '+39333' || lpad((g % 1000)::text, 7, '0'), 'BENCH', 'Benchmark message ' || g, 1 + (g % 3 = 0)::int,
              st, 2, ts + interval '2 seconds', ts, CASE WHEN st = 'delivered' THEN ts + interval '2 seconds' END,
              CASE WHEN st = 'delivered' THEN NULL ELSE 'SIM-' || upper(st) END
         FROM generate_series($1::bigint, $2::bigint) AS g,
              LATERAL (SELECT now() - ((g * 7919) % 31449600) * interval '1 second' AS ts,
                              CASE WHEN g % 50 < 47 THEN 'delivered' WHEN g % 50 < 49 THEN 'failed' ELSE 'expired' END AS st) AS t`,
      [from, to, owner],
    );
    log(`  seeded ${to.toLocaleString()} messages`);
  }
  log(`  inserted in ${((Date.now() - t0) / 1000).toFixed(0)} s; indexes and rollups…`);
  await pg.query(`ALTER TABLE reporting.messages ADD CONSTRAINT messages_pkey PRIMARY KEY (id)`);
  await pg.query(
    `CREATE INDEX messages_account_submitted_idx ON reporting.messages (account_id, submitted_at, id) WHERE submitted_at IS NOT NULL`,
  );
  await pg.query(
    `CREATE INDEX messages_account_recipient_idx ON reporting.messages (account_id, recipient, submitted_at, id) WHERE submitted_at IS NOT NULL`,
  );
  await pg.query(
    `INSERT INTO reporting.usage_daily (owner_account_id, account_id, day, messages, segments, credits_charged,
       credits_refunded, delivered, failed, expired)
     SELECT coalesce(parent_account_id, account_id), account_id, (submitted_at AT TIME ZONE '${ZONE}')::date, count(*),
            sum(segments), sum(segments), coalesce(sum(segments) FILTER (WHERE status IN ('failed', 'expired')), 0),
            count(*) FILTER (WHERE status = 'delivered'), count(*) FILTER (WHERE status = 'failed'),
            count(*) FILTER (WHERE status = 'expired')
       FROM reporting.messages GROUP BY 1, 2, 3`,
  );
  await pg.query(
    `INSERT INTO reporting.usage_monthly
     SELECT owner_account_id, account_id, date_trunc('month', day)::date, sum(messages), sum(segments),
            sum(credits_charged), sum(credits_refunded), sum(delivered), sum(failed), sum(expired), sum(cancelled),
            sum(blocked)
       FROM reporting.usage_daily GROUP BY 1, 2, 3`,
  );
  await pg.query(`VACUUM ANALYZE reporting.messages`);
  await pg.query(`VACUUM ANALYZE reporting.usage_daily`);
  await pg.query(`VACUUM ANALYZE reporting.usage_monthly`);
  const { rows } = await pg.query<{ rollups: string; size: string }>(
    `SELECT (SELECT count(*) FROM reporting.usage_daily) AS rollups,
            pg_size_pretty(pg_total_relation_size('reporting.messages')) AS size`,
  );
  log(`  ready in ${((Date.now() - t0) / 1000).toFixed(0)} s (${rows[0].size}; ${rows[0].rollups} rollup rows)`);
}

interface Sample {
  p50: number;
  p95: number;
  failures: number;
  /** The last successful answer. */
  body: UsageSummary | undefined;
}

/** `samples` GETs from `concurrency` loops; sorted latencies (ms) → p50, p95, failures, last body. */
async function sample(url: string, token: string, samples: number, concurrency: number): Promise<Sample> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  let body: UsageSummary | undefined;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < samples) {
        const t0 = process.hrtime.bigint();
        const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        const text = await res.text();
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (res.status !== 200) failures++;
        else body = JSON.parse(text) as UsageSummary;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const q = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { p50: q(0.5), p95: q(0.95), failures, body };
}

type GroupBy = 'month' | 'subAccount';

const KEYS: Record<GroupBy, string> = {
  month: `to_char(submitted_at AT TIME ZONE '${ZONE}', 'YYYY-MM')`,
  subAccount: `CASE WHEN parent_account_id IS NULL THEN NULL ELSE account_id::text END`,
};

/** The same summary computed from the message rows; `runs` timings (ms, sorted) and its rows. */
interface ScanRow {
  key: string | null;
  messages: number;
  segments: number;
  refunded: number;
}

async function scan(
  pg: Client,
  owner: string,
  groupBy: GroupBy,
  from: string,
  to: string,
  runs: number,
): Promise<{ p50: number; max: number; rows: ScanRow[] }> {
  const times: number[] = [];
  let rows: ScanRow[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    ({ rows } = await pg.query<ScanRow>(
      `SELECT ${KEYS[groupBy]} AS key, count(*)::int AS messages, sum(segments)::int AS segments,
              coalesce(sum(segments) FILTER (WHERE status IN ('failed', 'expired', 'cancelled')), 0)::int AS refunded
         FROM reporting.messages
        WHERE account_id IN (SELECT $1::uuid UNION ALL SELECT md5($1 || '-sub-' || s)::uuid FROM generate_series(1, ${SUBS}) s)
          AND submitted_at >= ($2::date)::timestamp AT TIME ZONE '${ZONE}'
          AND submitted_at < ($3::date + 1)::timestamp AT TIME ZONE '${ZONE}'
        GROUP BY 1 ORDER BY 1 NULLS FIRST`,
      [owner, from, to],
    ));
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)], max: times[times.length - 1], rows };
}

export async function run({ args }: BenchArgs): Promise<number> {
  const strict = isStrict(args);
  const total = envNumber('BENCH_REPORTS_ROWS', 5_000_000);
  const samples = envNumber('BENCH_SAMPLES', 200);
  const concurrency = envNumber('BENCH_CONCURRENCY', 4);
  const runs = envNumber('BENCH_SCANS', 5);
  return withBenchStack(async (stack) => {
    const user = await signupAndLogin(stack.apiUrl);
    const { accountId: owner } = await expectJson<MeView>(200, 'GET', `${stack.apiUrl}/me`, {
      token: user.accessToken,
    });
    const pg = new Client({ connectionString: stack.env.DATABASE_URL });
    await pg.connect();
    log(`seeding ${total.toLocaleString()} messages, 1 owner + ${SUBS} sub-accounts, 12 months…`);
    await seed(pg, owner, total);

    const day = (ms: number): string => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(ms));
    const [from, to] = [day(Date.now() - 366 * 86_400_000), day(Date.now())];
    const results: {
      groupBy: GroupBy;
      rollup: Sample;
      byScan: { p50: number; max: number };
      same: boolean;
      groups: number;
    }[] = [];
    for (const groupBy of ['month', 'subAccount'] as const) {
      const url = `${stack.apiUrl}/reports/summary?from=${from}&to=${to}&groupBy=${groupBy}`;
      await sample(url, user.accessToken, 20, concurrency); // warm-up
      const rollup = await sample(url, user.accessToken, samples, concurrency);
      const byScan = await scan(pg, owner, groupBy, from, to, runs);
      const same =
        rollup.body !== undefined &&
        JSON.stringify(rollup.body.items.map((g) => [g.key, g.messages, g.segments, g.creditsRefunded])) ===
          JSON.stringify(byScan.rows.map((r) => [r.key, r.messages, r.segments, r.refunded]));
      results.push({ groupBy, rollup, byScan, same, groups: rollup.body ? rollup.body.items.length : 0 });
    }
    await pg.end();

    const f = (n: number): string => n.toFixed(1).padStart(8);
    console.log(
      `\n${total.toLocaleString()} messages, ${SUBS} sub-accounts, ${from}..${to}; ${samples} samples, ${concurrency} concurrent\n`,
    );
    console.log(
      `${'groupBy'.padEnd(12)} groups  rollup p50  rollup p95   scan p50   scan max  scan/rollup (p50)  same`,
    );
    for (const r of results) {
      console.log(
        `${r.groupBy.padEnd(12)} ${String(r.groups).padStart(6)}  ${f(r.rollup.p50)}ms ${f(r.rollup.p95)}ms ${f(r.byScan.p50)}ms ${f(r.byScan.max)}ms  ${(r.byScan.p50 / r.rollup.p50).toFixed(0).padStart(10)}×  ${r.same ? 'yes' : 'NO'}`,
      );
    }
    const checks = results.flatMap((r): Check[] => [
      [
        `${r.groupBy}: rollup p95 ≤ ${TARGET_P95_MS} ms`,
        r.rollup.p95 <= TARGET_P95_MS,
        `${r.rollup.p95.toFixed(1)} ms`,
      ],
      [`${r.groupBy}: rollup and scan agree`, r.same, r.same ? 'yes' : 'no'],
      [`${r.groupBy}: no failed request`, r.rollup.failures === 0, String(r.rollup.failures)],
    ]);
    console.log('');
    return verdict(checks, strict);
  });
}

export const description = '5 M messages of one owner and 200 sub-accounts: 12-month GET /reports/summary vs a scan';
