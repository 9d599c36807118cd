// Invoice PDFs: 1,000 GET /invoices/{id}/pdf of a stored PDF through the gateway at 8 connections,
// against a bare HTTP server serving the same bytes in the same run (serving stored bytes should
// cost little more than that), and the first downloads, which include the rendering.
// Target: p95(gateway) ≤ 2 × p95(bare server).
// `npm run bench -- invoices [--strict]` (--strict: exit 1 when a target is missed).
// BENCH_PDF_REQUESTS (1000) and BENCH_PDF_CONNECTIONS (8) change the sizes.
import type { BillingDetails, InvoiceView } from '@sms/contracts';
import { rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type BenchArgs, envNumber, expectJson, isStrict, log, signupAndLogin, withBenchStack } from './harness';
import { startBytesServer } from './raw';

const TARGET_RATIO = 2;
const BUYER: BillingDetails = {
  company: 'Città di Forlì',
  firstName: 'Zoë',
  lastName: 'Ørsted-Müller',
  address: 'Piazza Aurelio Saffi 8',
  postalCode: '47121',
  city: 'Forlì',
  country: 'IT',
  vatNumber: 'IT01234567890',
};

interface Summary {
  title: string;
  n: number;
  p50: number;
  p95: number;
  max: number;
}

interface Downloads {
  latencies: number[];
  failures: string[];
  bytes: number;
  seconds: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(title: string, samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    title,
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1],
  };
}

/** `total` GETs spread over `connections` workers; every answer must be a PDF. Latencies in ms. */
async function fetchPdfs(
  urls: string[],
  { total, connections, token }: { total: number; connections: number; token: string },
): Promise<Downloads> {
  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  let bytes = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      const started = process.hrtime.bigint();
      const res = await fetch(urls[i % urls.length], { headers: { authorization: `Bearer ${token}` } });
      const body = Buffer.from(await res.arrayBuffer());
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (
        res.status !== 200 ||
        res.headers.get('content-type') !== 'application/pdf' ||
        body.subarray(0, 5).toString() !== '%PDF-'
      ) {
        failures.push(`${res.status} ${res.headers.get('content-type')}`);
      }
      bytes = body.length;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: connections }, worker));
  return { latencies, failures, bytes, seconds: (Date.now() - started) / 1000 };
}

/** Downloads one PDF and writes its bytes to a temporary file for the bare server to serve. */
async function storeBytes(url: string, token: string): Promise<string> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200 || bytes.subarray(0, 5).toString() !== '%PDF-') throw new Error(`PDF answered ${res.status}`);
  const file = path.join(os.tmpdir(), `bench-invoice-${process.pid}.pdf`);
  writeFileSync(file, bytes);
  return file;
}

function buy(apiUrl: string, token: string, smsCount: number): Promise<InvoiceView> {
  return expectJson<InvoiceView>(201, 'POST', `${apiUrl}/purchases`, { token, body: { smsCount } });
}

const fmt = (ms: number): string => ms.toFixed(1).padStart(7);

export async function run({ args }: BenchArgs): Promise<number> {
  const strict = isStrict(args);
  const total = envNumber('BENCH_PDF_REQUESTS', 1000);
  const connections = envNumber('BENCH_PDF_CONNECTIONS', 8);
  // The whole stack, as `npm start` runs it: the dev-stack only accepts a partial readiness for apps not built.
  return withBenchStack(async (stack) => {
    const user = await signupAndLogin(stack.apiUrl);
    const token = user.accessToken;
    await expectJson(200, 'PUT', `${stack.apiUrl}/account/billing`, { token, body: BUYER });
    const invoice = await buy(stack.apiUrl, token, 2501);
    const pdfUrl = (id: string): string => `${stack.apiUrl}/invoices/${id}/pdf`;

    // First downloads: each of these invoices is rendered by billing on its first request.
    const fresh: InvoiceView[] = [];
    for (let i = 0; i < 40; i++) fresh.push(await buy(stack.apiUrl, token, 100 + i));
    log(`first downloads: ${fresh.length} distinct invoices at ${connections} connections…`);
    const cold = await fetchPdfs(
      fresh.map((inv) => pdfUrl(inv.id)),
      { total: fresh.length, connections, token },
    );

    log(`warming up, then ${total} downloads of ${invoice.number} at ${connections} connections…`);
    await fetchPdfs([pdfUrl(invoice.id)], { total: 50, connections, token });
    const hot = await fetchPdfs([pdfUrl(invoice.id)], { total, connections, token });

    log(`the same bytes from a bare HTTP server, ${total} downloads at ${connections} connections…`);
    const file = await storeBytes(pdfUrl(invoice.id), token);
    const bare = await startBytesServer(file, 'application/pdf');
    let raw: Downloads;
    try {
      await fetchPdfs([bare.url], { total: 50, connections, token });
      raw = await fetchPdfs([bare.url], { total, connections, token });
    } finally {
      await bare.stop();
      rmSync(file, { force: true });
    }

    const g = summary(`(a) GET /invoices/{id}/pdf, ${total} × ${connections} conn.`, hot.latencies);
    const c = summary(`(c) first download of ${fresh.length} invoices, ${connections} conn.`, cold.latencies);
    const r = summary(`(b) the same bytes from a bare HTTP server`, raw.latencies);
    const ratio = g.p95 / r.p95;
    const okRatio = ratio <= TARGET_RATIO;
    const failures = hot.failures.length + cold.failures.length + raw.failures.length;
    const width = Math.max(g.title.length, c.title.length, r.title.length);
    const row = (s: Summary): string =>
      `${s.title.padEnd(width)}  ${String(s.n).padStart(5)}  ${fmt(s.p50)}  ${fmt(s.p95)}  ${fmt(s.max)}`;
    process.stdout.write(
      [
        '',
        `invoice PDF benchmark — PDF ${hot.bytes} bytes through the gateway (${raw.bytes} bytes from the bare server), ${(total / hot.seconds).toFixed(0)} downloads/s`,
        `${''.padEnd(width)}      n   p50 ms   p95 ms   max ms`,
        row(g),
        row(r),
        row(c),
        '',
        `ratio p95(a)/p95(b): ${ratio.toFixed(2)}     target ≤ ${TARGET_RATIO}        ${okRatio ? 'OK' : 'MISSED'}`,
        'Billing renders each version (unpaid/paid) of an invoice once and then serves the stored bytes; (c) shows the',
        'first downloads, which include the rendering.',
        failures
          ? `WARNING: ${failures} failed responses (${[...hot.failures, ...cold.failures].slice(0, 3).join('; ')}), the figures are not meaningful`
          : '',
        '',
      ].join('\n'),
    );
    if (failures) return 1;
    return strict && !okRatio ? 1 : 0;
  });
}

export const description = 'stored invoice PDFs through the gateway vs the same bytes from a bare HTTP server';
