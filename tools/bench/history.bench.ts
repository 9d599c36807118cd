// History at scale: 10 million messages over 1,000 accounts seeded server-side (set-based
// INSERT … SELECT generate_series with the indexes dropped and rebuilt — COPY-class speed;
// node-postgres has no COPY without an extra package), then p50/p95 of filtered
// GET /history through the gateway, on the first page and 10,000 rows deep.
// Target: p95 ≤ 50 ms for both. `npm run bench -- history [--strict]`;
// BENCH_HISTORY_ROWS (10000000), BENCH_SAMPLES (200), BENCH_CONCURRENCY (4).
import type { HistoryPage, MeView } from '@sms/contracts';
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
const ACCOUNTS = 1000;
const MINE = 60_000; // rows of the measured account: enough for 10,000-deep pages under each filter
const DAY_MS = 86_400_000;

async function seed(pg: Client, accountId: string, total: number): Promise<void> {
  const others = total - MINE;
  const t0 = Date.now();
  await pg.query(`SET maintenance_work_mem = '512MB'`);
  await pg.query(`ALTER TABLE reporting.messages DROP CONSTRAINT messages_pkey`);
  await pg.query(`DROP INDEX reporting.messages_account_submitted_idx`);
  await pg.query(`DROP INDEX reporting.messages_account_recipient_idx`);
  // One statement per chunk keeps each transaction (and its WAL) moderate.
  const chunk = 1_000_000;
  const insert = (from: number, to: number, accountExpr: string) =>
    pg.query(
      `INSERT INTO reporting.messages (id, account_id, campaign_id, campaign_size, recipient, sender, text, segments,
         status, status_rank, status_at, submitted_at, delivered_at, error_code)
       SELECT gen_random_uuid(), ${accountExpr}, md5('c' || (g / 10))::uuid,
              CASE WHEN g % 10 < 5 THEN 1 WHEN g % 10 < 8 THEN 100 ELSE 1000 END,
              '+39333' || lpad((g % 100)::text, 7, '0'), 'BENCH', 'Benchmark message number ' || g, 1,
              CASE WHEN g % 50 = 0 THEN 'failed' ELSE 'delivered' END, 2, ts + interval '2 seconds', ts,
              CASE WHEN g % 50 = 0 THEN NULL ELSE ts + interval '2 seconds' END,
              CASE WHEN g % 50 = 0 THEN 'SIM-FAILED' END
         FROM generate_series($1::bigint, $2::bigint) AS g,
              LATERAL (SELECT now() - (g % 31536000) * interval '1 second' * 1.0 AS ts) AS t`,
      [from, to],
    );
  for (let from = 1; from <= others; from += chunk) {
    const to = Math.min(others, from + chunk - 1);
    await insert(from, to, `md5('account-' || (g % ${ACCOUNTS - 1}))::uuid`);
    log(`  seeded ${to.toLocaleString()} rows of other accounts`);
  }
  // The measured account: its 60,000 messages spread over the last year.
  await pg.query(
    `INSERT INTO reporting.messages (id, account_id, campaign_id, campaign_size, recipient, sender, text, segments,
       status, status_rank, status_at, submitted_at, delivered_at, error_code)
     SELECT gen_random_uuid(), $1::uuid, md5('mine' || (g / 10))::uuid,
            CASE WHEN g % 10 < 5 THEN 1 WHEN g % 10 < 8 THEN 100 ELSE 1000 END,
            '+39333' || lpad((g % 100)::text, 7, '0'), 'BENCH', 'Benchmark message number ' || g, 1,
            'delivered', 2, ts + interval '2 seconds', ts, ts + interval '2 seconds', NULL
       FROM generate_series(1, $2::int) AS g,
            LATERAL (SELECT now() - g * interval '525 seconds' AS ts) AS t`,
    [accountId, MINE],
  );
  log(`  inserted ${total.toLocaleString()} rows in ${((Date.now() - t0) / 1000).toFixed(0)} s; building indexes…`);
  await pg.query(`ALTER TABLE reporting.messages ADD CONSTRAINT messages_pkey PRIMARY KEY (id)`);
  await pg.query(
    `CREATE INDEX messages_account_submitted_idx ON reporting.messages (account_id, submitted_at, id) WHERE submitted_at IS NOT NULL`,
  );
  await pg.query(
    `CREATE INDEX messages_account_recipient_idx ON reporting.messages (account_id, recipient, submitted_at, id) WHERE submitted_at IS NOT NULL`,
  );
  await pg.query(`VACUUM ANALYZE reporting.messages`);
  const { rows } = await pg.query<{ size: string }>(
    `SELECT pg_size_pretty(pg_total_relation_size('reporting.messages')) AS size`,
  );
  log(`  seeded and indexed in ${((Date.now() - t0) / 1000).toFixed(0)} s (${rows[0].size})`);
}

interface Sample {
  p50: number;
  p95: number;
  failures: number;
}

/** `samples` GETs of `url` from `concurrency` loops: p50, p95 (ms) and failures. */
async function sample(url: string, token: string, samples: number, concurrency: number): Promise<Sample> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < samples) {
        const t0 = process.hrtime.bigint();
        const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        if (res.status !== 200) failures++;
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const q = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { p50: q(0.5), p95: q(0.95), failures };
}

/** The cursor after `depth` rows, obtained the way a client would: paging with limit=500. */
async function cursorAt(apiUrl: string, token: string, query: string, depth: number): Promise<string | null> {
  let cursor: string | null = null;
  for (let seen = 0; seen < depth; ) {
    const url = `${apiUrl}/history?${query}&limit=500${cursor ? `&cursor=${cursor}` : ''}`;
    const page: HistoryPage = await expectJson<HistoryPage>(200, 'GET', url, { token });
    seen += page.items.length;
    cursor = page.nextCursor;
    if (!cursor) return null;
  }
  return cursor;
}

export async function run({ args }: BenchArgs): Promise<number> {
  const strict = isStrict(args);
  const total = envNumber('BENCH_HISTORY_ROWS', 10_000_000);
  const samples = envNumber('BENCH_SAMPLES', 200);
  const concurrency = envNumber('BENCH_CONCURRENCY', 4);
  return withBenchStack(async (stack) => {
    const user = await signupAndLogin(stack.apiUrl);
    const { accountId } = await expectJson<MeView>(200, 'GET', `${stack.apiUrl}/me`, { token: user.accessToken });
    const pg = new Client({ connectionString: stack.env.DATABASE_URL });
    await pg.connect();
    log(`seeding ${total.toLocaleString()} messages over ${ACCOUNTS} accounts…`);
    await seed(pg, accountId, total);
    await pg.end();

    const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
    const now = Date.now();
    const queries: [name: string, query: string][] = [
      ['no filter', ''],
      ['a day', `from=${day(now - 30 * DAY_MS)}&to=${day(now - 30 * DAY_MS)}`],
      ['a period (6 months)', `from=${day(now - 200 * DAY_MS)}&to=${day(now - 20 * DAY_MS)}`],
      ['recipient', 'recipient=%2B393330000042'],
      ['minCampaignSize=100', 'minCampaignSize=100'],
      ['period + minCampaignSize', `from=${day(now - 300 * DAY_MS)}&to=${day(now - 10 * DAY_MS)}&minCampaignSize=100`],
      [
        'period + recipient + size',
        `from=${day(now - 300 * DAY_MS)}&to=${day(now)}&recipient=%2B393330000042&minCampaignSize=100`,
      ],
    ];
    const rows: { name: string; a: Sample; b: Sample | null }[] = [];
    for (const [name, query] of queries) {
      const first = `${stack.apiUrl}/history?${query}&limit=50`;
      await sample(first, user.accessToken, 20, concurrency); // warm-up
      const a = await sample(first, user.accessToken, samples, concurrency);
      const cursor = await cursorAt(stack.apiUrl, user.accessToken, query, 10_000);
      const b = cursor ? await sample(`${first}&cursor=${cursor}`, user.accessToken, samples, concurrency) : null;
      rows.push({ name, a, b });
    }

    const f = (n: number): string => n.toFixed(1).padStart(7);
    console.log(
      `\n${total.toLocaleString()} messages, ${ACCOUNTS} accounts; ${samples} samples per cell, ${concurrency} concurrent, limit=50\n`,
    );
    console.log(`${'query'.padEnd(28)}  first p50  first p95   deep p50   deep p95`);
    for (const r of rows) {
      console.log(
        `${r.name.padEnd(28)}  ${f(r.a.p50)}ms ${f(r.a.p95)}ms  ${r.b ? `${f(r.b.p50)}ms ${f(r.b.p95)}ms` : '   (fewer than 10,000 rows)'}`,
      );
    }
    const worstFirst = Math.max(...rows.map((r) => r.a.p95));
    const deep = rows.flatMap((r) => (r.b ? [r.b] : []));
    // Math.max() of nothing is -Infinity, which would pass: no deep page measured is a failure.
    const worstDeep = deep.length ? Math.max(...deep.map((b) => b.p95)) : NaN;
    const failures = rows.reduce((n, r) => n + r.a.failures + (r.b ? r.b.failures : 0), 0);
    const checks: Check[] = [
      [`first page p95 ≤ ${TARGET_P95_MS} ms`, worstFirst <= TARGET_P95_MS, `worst ${worstFirst.toFixed(1)} ms`],
      ['some query reached 10,000 rows deep', deep.length > 0, `${deep.length} of ${rows.length}`, true],
      [`10,000 deep p95 ≤ ${TARGET_P95_MS} ms`, worstDeep <= TARGET_P95_MS, `worst ${worstDeep.toFixed(1)} ms`],
      ['no failed request', failures === 0, String(failures), true],
    ];
    console.log('');
    return verdict(checks, strict);
  });
}

export const description = '10 M seeded messages: filtered GET /history, first pages and 10,000 rows deep';
