// Wallet hot path: (a) raw SQL baseline — the conditional debit UPDATE on one hot row from 16
// PostgreSQL connections; (b) the wallet's reserve command over NATS on one hot account from 16
// concurrent callers; (c) the same spread over 1,000 accounts. Target: b/a ≥ 1.0 (issue 16: reserves of one hot account coalesced into one transaction).
// `npm run bench -- wallet [--strict]`; BENCH_DURATION_S (10), BENCH_CONCURRENCY (16).
'use strict';
const crypto = require('crypto');
const os = require('os');
const path = require('path');
const { Client } = require('pg');
const { withBenchStack, log } = require('./harness');

const TARGET_RATIO = 1.0;
const ACCOUNTS = 1000;

/** Runs `op` from `concurrency` loops for `seconds`; resolves { ops, failures, opsPerSec, p50, p99 }. */
async function hammer(concurrency, seconds, op) {
  const deadline = Date.now() + seconds * 1000;
  const latencies = [];
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
  const q = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : 0);
  return { ops: latencies.length, failures, opsPerSec: latencies.length / elapsed, p50: q(0.5), p99: q(0.99) };
}

async function run({ args = [] } = {}) {
  const strict = args.includes('--strict') || process.env.BENCH_STRICT === '1';
  const seconds = Number(process.env.BENCH_DURATION_S || 10);
  const concurrency = Number(process.env.BENCH_CONCURRENCY || 16);
  // The machine is shared: the load average says how much of it the run really had.
  const loadBefore = os.loadavg();
  return withBenchStack(
    async (stack) => {
      require(path.join(__dirname, '../runtime/register-aliases.js'));
      const { WalletRpc, BillingEvents, healthPing } = require('@sms/contracts');
      const { RpcClient } = require('@sms/nats');
      const { createEnvelope, ensureEventsStream, eventSubject } = require('@sms/events');
      const { connect } = require('nats');

      const nc = await connect({ servers: stack.env.NATS_URL, ...stack.nats.auth.harnessConnectOptions() });
      const rpc = new RpcClient({
        natsUrl: stack.env.NATS_URL,
        timeoutMs: 10000,
        prefix: stack.env.NATS_PREFIX,
        name: 'wallet-bench',
      });
      await rpc.connect();
      const pgClients = [];
      try {
        // No gateway in this stack (not needed): wait for the wallet itself to answer.
        for (let tries = 0; ; tries++) {
          try {
            await rpc.send(healthPing('wallet'), {}, 1000);
            break;
          } catch (err) {
            if (tries > 60) throw err;
            await new Promise((r) => setTimeout(r, 500));
          }
        }
        // Fund the accounts the way production does: one "invoice paid" event each.
        const hot = crypto.randomUUID();
        const spread = Array.from({ length: ACCOUNTS }, () => crypto.randomUUID());
        await ensureEventsStream(nc, { natsPrefix: stack.env.NATS_PREFIX });
        const js = nc.jetstream();
        const fund = async (accountId, smsCount) => {
          const data = {
            invoiceId: crypto.randomUUID(),
            invoiceNumber: 'bench',
            accountId,
            smsCount,
            paidAt: new Date().toISOString(),
          };
          const env = createEnvelope(BillingEvents.invoicePaid, data, { accountId });
          await js.publish(eventSubject(env.type, stack.env.NATS_PREFIX), JSON.stringify(env), { msgID: env.id });
        };
        log(`funding 1 hot and ${ACCOUNTS} spread accounts…`);
        await fund(hot, 100_000_000);
        for (const id of spread) await fund(id, 1_000_000);
        const admin = new Client({ connectionString: stack.env.DATABASE_URL });
        await admin.connect();
        pgClients.push(admin);
        const deadline = Date.now() + 120_000;
        for (;;) {
          const { rows } = await admin.query(`SELECT count(*)::int AS n FROM wallet.wallets`);
          if (rows[0].n >= ACCOUNTS + 1) break;
          if (Date.now() > deadline) throw new Error(`only ${rows[0].n} wallets funded`);
          await new Promise((r) => setTimeout(r, 250));
        }

        // (a) Raw SQL baseline: the same conditional debit on one hot row, autocommit.
        await admin.query(
          `CREATE TABLE public.bench_hot (id int PRIMARY KEY, balance bigint NOT NULL CHECK (balance >= 0))`,
        );
        await admin.query(`INSERT INTO public.bench_hot VALUES (1, 1000000000)`);
        for (let i = 0; i < concurrency; i++) {
          const c = new Client({ connectionString: stack.env.DATABASE_URL });
          await c.connect();
          pgClients.push(c);
        }
        const sqlClients = pgClients.slice(1);
        const reserve = (accountId) =>
          rpc.send(WalletRpc.reserve, { reservationId: crypto.randomUUID(), accountId, credits: 1, messages: 1 });

        log('warming up (2 s each)…');
        await hammer(concurrency, 2, (i) =>
          sqlClients[i].query(`UPDATE public.bench_hot SET balance = balance - 1 WHERE id = 1 AND balance >= 1`),
        );
        await hammer(concurrency, 2, () => reserve(hot));

        log(`(a) raw UPDATE on one hot row, ${concurrency} connections, ${seconds} s…`);
        const a = await hammer(concurrency, seconds, (i) =>
          sqlClients[i].query(`UPDATE public.bench_hot SET balance = balance - 1 WHERE id = 1 AND balance >= 1`),
        );
        log(`(b) reserve over NATS on one hot account, ${concurrency} callers, ${seconds} s…`);
        const b = await hammer(concurrency, seconds, () => reserve(hot));
        log(`(c) reserve over NATS spread over ${ACCOUNTS} accounts, ${concurrency} callers, ${seconds} s…`);
        const c = await hammer(concurrency, seconds, () => reserve(spread[Math.floor(Math.random() * ACCOUNTS)]));

        const verification = await rpc.send(WalletRpc.verify, {}, 60000);
        const ratio = b.opsPerSec / a.opsPerSec;
        const ok = ratio >= TARGET_RATIO;
        const row = (label, r) =>
          `${label.padEnd(44)} ${r.opsPerSec.toFixed(0).padStart(8)} ops/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99
            .toFixed(1)
            .padStart(6)} ms   ${r.ops} ok, ${r.failures} failed`;
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
            `load average (1/5/15 min) before: ${loadBefore.map((l) => l.toFixed(2)).join(' ')}   after: ${os
              .loadavg()
              .map((l) => l.toFixed(2))
              .join(' ')}   cores: ${os.cpus().length}`,
            '',
          ].join('\n'),
        );
        if (!verification.ok || b.failures + c.failures > 0) return 1;
        return strict && !ok ? 1 : 0;
      } finally {
        for (const c of pgClients) await c.end().catch(() => undefined);
        await rpc.close().catch(() => undefined);
        await nc.drain().catch(() => undefined);
      }
    },
    { apps: ['identity', 'wallet'] },
  );
}

module.exports = { run, description: 'wallet reserve over NATS vs the raw conditional UPDATE on a hot row' };
