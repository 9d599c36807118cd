// Delivery receipts at scale: a 1,000,000-row .xlsx export through the gateway (reporting's DB
// cursor → exceljs WorkbookWriter → acknowledged NATS chunks → HTTP), timed against exceljs's
// WorkbookWriter writing the same rows from memory in this process. Targets: ≤ 1.5× the
// in-memory time; peak RSS of the gateway and reporting ≤ 512 MB.
// `npm run bench -- export [--strict]`; BENCH_EXPORT_ROWS (1000000).
import type { MeView } from '@sms/contracts';
import ExcelJS from 'exceljs';
import { createWriteStream, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
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

const TARGET_RATIO = 1.5;
const TARGET_RSS_MB = 512;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const TEXT = (g: number): string => `Benchmark message number ${g}, with a typical length of an SMS sent by a customer`;
const BASE_MS = Date.UTC(2026, 0, 1);

async function seed(pg: Client, accountId: string, rows: number): Promise<void> {
  await pg.query(
    `INSERT INTO reporting.messages (id, account_id, campaign_id, campaign_size, recipient, sender, text, segments,
       status, status_rank, status_at, submitted_at, delivered_at, error_code)
     SELECT gen_random_uuid(), $1::uuid, md5('c' || (g / 100))::uuid, 100,
            '+39333' || lpad(g::text, 7, '0'), 'BENCH', $3 || g || $4, 1,
            'delivered', 2, ts + interval '2 seconds', ts, ts + interval '2 seconds', NULL
       FROM generate_series(1, $2::int) AS g,
            LATERAL (SELECT to_timestamp($5::bigint / 1000.0) + g * interval '1 second' AS ts) AS t`,
    [accountId, rows, 'Benchmark message number ', ', with a typical length of an SMS sent by a customer', BASE_MS],
  );
  await pg.query('VACUUM ANALYZE reporting.messages');
}

type Row = [Date, string, string, string, number, string, Date, null, string];

/** The same rows, built in memory: what the reference writer gets for free. */
function rowsInMemory(n: number): Row[] {
  const rows = new Array<Row>(n);
  for (let g = 1; g <= n; g++) {
    const at = new Date(BASE_MS + g * 1000);
    rows[g - 1] = [
      at,
      `+39333${String(g).padStart(7, '0')}`,
      'BENCH',
      TEXT(g),
      1,
      'delivered',
      new Date(at.getTime() + 2000),
      null,
      '5c0b5c0b-0000-4000-8000-000000000000',
    ];
  }
  return rows;
}

/** exceljs's streaming writer with the export's columns, from an array, into a sink. */
async function writeFromMemory(rows: Row[]): Promise<number> {
  let bytes = 0;
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, cb) => {
      bytes += chunk.length;
      cb();
    },
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet('Delivery receipts');
  const widths = [20, 18, 14, 60, 10, 12, 20, 14, 38];
  const headers = [
    'Submitted at',
    'Recipient',
    'Sender',
    'Text',
    'Segments',
    'Status',
    'Delivered at',
    'Error code',
    'Campaign ID',
  ];
  ws.columns = headers.map((header, i) => ({
    header,
    key: String(i),
    width: widths[i],
    style: i === 0 || i === 6 ? { numFmt: 'yyyy-mm-dd hh:mm:ss' } : {},
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  for (let i = 0; i < rows.length; i++) {
    ws.addRow(rows[i]).commit();
    if (i % 50 === 0) await new Promise<void>((r) => setImmediate(r));
  }
  ws.commit();
  await wb.commit();
  return bytes;
}

/** Rows under the header row of the workbook's sheets, read as a stream (never the whole file). */
async function countDataRows(file: string): Promise<number> {
  let rows = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'ignore',
    styles: 'ignore',
    hyperlinks: 'ignore',
  });
  for await (const sheet of reader) {
    for await (const row of sheet) if (row.number > 1) rows++;
  }
  return rows;
}

function peakRssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

export async function run({ args }: BenchArgs): Promise<number> {
  const strict = isStrict(args);
  const n = envNumber('BENCH_EXPORT_ROWS', 1_000_000);
  return withBenchStack(async (stack) => {
    const user = await signupAndLogin(stack.apiUrl);
    const { accountId } = await expectJson<MeView>(200, 'GET', `${stack.apiUrl}/me`, { token: user.accessToken });
    const pg = new Client({ connectionString: stack.env.DATABASE_URL });
    await pg.connect();
    log(`seeding ${n.toLocaleString()} messages…`);
    let t = Date.now();
    await seed(pg, accountId, n);
    await pg.end();
    log(`  seeded in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    log('reference: exceljs WorkbookWriter from memory…');
    const rows = rowsInMemory(n);
    t = Date.now();
    const refBytes = await writeFromMemory(rows);
    const refMs = Date.now() - t;
    rows.length = 0;

    log('export through the gateway…');
    t = Date.now();
    const res = await fetch(`${stack.apiUrl}/delivery-receipts.xlsx`, {
      headers: { authorization: `Bearer ${user.accessToken}` },
    });
    let bytes = 0;
    let firstByteMs: number | null = null;
    let tail = Buffer.alloc(0);
    // Kept on disk (not in memory) so its rows can be counted afterwards.
    const file = path.join(os.tmpdir(), `bench-export-${process.pid}.xlsx`);
    const out = createWriteStream(file);
    if (!res.body) throw new Error(`GET /delivery-receipts.xlsx answered ${res.status} without a body`);
    for await (const chunk of res.body) {
      if (firstByteMs === null) firstByteMs = Date.now() - t;
      bytes += chunk.length;
      tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - 22)));
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const exportMs = Date.now() - t;
    // A complete zip ends with its end-of-central-directory record (PK\x05\x06).
    const complete =
      res.status === 200 &&
      res.headers.get('content-type') === XLSX &&
      tail.includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]));

    log('counting the rows of the downloaded workbook…');
    const dataRows =
      res.status === 200
        ? await countDataRows(file).catch(
            (err: unknown) => `unreadable: ${err instanceof Error ? err.message : String(err)}`,
          )
        : 0;
    rmSync(file, { force: true });

    const pidOf = (app: string): number | undefined => stack.apps.handles.find((h) => h.name === app)?.pid;
    const rss = { gateway: peakRssMb(pidOf('gateway')), reporting: peakRssMb(pidOf('reporting')) };
    const benchRss = process.resourceUsage().maxRSS / 1024;
    const ratio = exportMs / refMs;

    const mb = (b: number): string => (b / 1024 / 1024).toFixed(1);
    console.log(`\n${n.toLocaleString()} rows`);
    console.log(`exceljs WorkbookWriter from memory : ${(refMs / 1000).toFixed(1)} s, ${mb(refBytes)} MB`);
    console.log(
      `GET /delivery-receipts.xlsx        : ${(exportMs / 1000).toFixed(1)} s, ${mb(bytes)} MB, first byte after ${firstByteMs} ms, HTTP ${res.status}, complete zip: ${complete}`,
    );
    console.log(`ratio export / in-memory           : ${ratio.toFixed(2)}×`);
    console.log(
      `peak RSS: gateway ${rss.gateway.toFixed(0)} MB, reporting ${rss.reporting.toFixed(0)} MB (this process, holding the in-memory rows: ${benchRss.toFixed(0)} MB)`,
    );
    const checks: Check[] = [
      [`export ≤ ${TARGET_RATIO}× in-memory`, ratio <= TARGET_RATIO, `${ratio.toFixed(2)}×`],
      [
        `peak RSS ≤ ${TARGET_RSS_MB} MB (gateway, reporting)`,
        Math.max(rss.gateway, rss.reporting) <= TARGET_RSS_MB,
        `${Math.max(rss.gateway, rss.reporting).toFixed(0)} MB`,
      ],
      ['a complete workbook', complete, String(complete), true],
      [`one row per message (${n.toLocaleString()})`, dataRows === n, String(dataRows), true],
    ];
    console.log('');
    return verdict(checks, strict);
  });
}

export const description = 'a 1,000,000-row .xlsx export through the gateway vs exceljs from memory, peak RSS';
