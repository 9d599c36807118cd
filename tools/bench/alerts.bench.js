// Balance alerts end to end: 500 debits/s (the wallet's reserve command over NATS) spread over 200
// accounts for 20 s; a fifth of the accounts sit just above their threshold and cross it again and again
// (a refund lifts each one back above the threshold 1.5 s after each crossing). Measures the latency from
// the debit's commit (its reply) to the alert e-mail accepted by an SMTP server run here, and checks
// exactly one mail per crossing. Targets: p99 ≤ 1 s, mails = crossings.
// `npm run bench -- alerts [--strict]`; BENCH_DURATION_S (20), BENCH_RATE (500), BENCH_ACCOUNTS (200).
'use strict';
const crypto = require('crypto');
const path = require('path');
const { Client } = require('pg');
const { SMTPServer } = require('smtp-server');
const { withBenchStack, log } = require('./harness');

const TARGET_P99_MS = 1000;
const FUNDS = 2000;
const BANK = 500; // reserved up front by each crossing account, refunded bit by bit to lift it back above
const CROSSING_MARGIN = 3; // crossing accounts start this many credits above their threshold
const REARM_AFTER_MS = 1500;

/** An SMTP server that records, per recipient, when it accepted each mail. */
async function startSmtpCatcher() {
  const accepted = new Map(); // address → [ms]
  const headers = []; // Message-IDs, to spot a mail sent twice
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onData(stream, session, callback) {
      let head = '';
      stream.on('data', (chunk) => {
        if (head.length < 4096) head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        const at = Date.now();
        for (const r of session.envelope.rcptTo) {
          if (!accepted.has(r.address)) accepted.set(r.address, []);
          accepted.get(r.address).push(at);
        }
        const id = /^message-id:\s*(\S+)/im.exec(head);
        if (id) headers.push(id[1]);
        callback();
      });
    },
  });
  // Like Mailpit (Go sets TCP_NODELAY): replies are not held back by Nagle.
  server.server.prependListener('connection', (socket) => socket.setNoDelay(true));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `smtp://127.0.0.1:${server.server.address().port}`,
    accepted,
    headers,
    stop: () => new Promise((r) => server.close(r)),
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function quantile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
}

async function pool(items, concurrency, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function run({ args = [] } = {}) {
  const strict = args.includes('--strict') || process.env.BENCH_STRICT === '1';
  const seconds = Number(process.env.BENCH_DURATION_S || 20);
  const rate = Number(process.env.BENCH_RATE || 500);
  const accountCount = Number(process.env.BENCH_ACCOUNTS || 200);
  const crossingCount = Math.round(accountCount / 5);
  const smtp = await startSmtpCatcher();
  try {
    return await withBenchStack(
      async (stack) => {
        require(path.join(__dirname, '../runtime/register-aliases.js'));
        const { WalletRpc, IdentityRpc, NotificationsRpc, BillingEvents, healthPing } = require('@sms/contracts');
        const { RpcClient } = require('@sms/nats');
        const { createEnvelope, ensureEventsStream, eventSubject } = require('@sms/events');
        const { connect } = require('nats');

        const nc = await connect({ servers: stack.env.NATS_URL, ...stack.nats.auth.harnessConnectOptions() });
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
          for (const service of ['identity', 'wallet', 'notifications']) {
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

          log(`signing up ${accountCount} accounts…`);
          const accounts = Array.from({ length: accountCount }, (_, i) => ({
            i,
            crossing: i < crossingCount,
            email: `bench-alerts-${i}-${crypto.randomBytes(3).toString('hex')}@example.com`,
          }));
          await pool(accounts, 4, async (a) => {
            const res = await rpc.send(IdentityRpc.signup, {
              email: `owner-${a.email}`,
              password: 'bench-password-0123',
              firstName: 'Bench',
              lastName: `Owner ${a.i}`,
              company: `Bench ${a.i} S.r.l.`,
            });
            a.actor = { userId: res.userId, accountId: res.accountId, role: 'owner' };
          });

          log(`funding them (${FUNDS} credits each, through "invoice paid" events)…`);
          await ensureEventsStream(nc, { natsPrefix: stack.env.NATS_PREFIX });
          const js = nc.jetstream();
          for (const a of accounts) {
            const data = {
              invoiceId: crypto.randomUUID(),
              invoiceNumber: 'bench',
              accountId: a.actor.accountId,
              smsCount: FUNDS,
              paidAt: new Date().toISOString(),
            };
            const env = createEnvelope(BillingEvents.invoicePaid, data, { accountId: a.actor.accountId });
            await js.publish(eventSubject(env.type, stack.env.NATS_PREFIX), JSON.stringify(env), { msgID: env.id });
          }
          for (const deadline = Date.now() + 120_000; ; ) {
            const { rows } = await admin.query(`SELECT count(*)::int AS n FROM wallet.wallets WHERE balance = $1`, [
              FUNDS,
            ]);
            if (rows[0].n >= accountCount) break;
            if (Date.now() > deadline) throw new Error(`only ${rows[0].n} wallets funded`);
            await sleep(250);
          }

          log(`setting the alerts (${crossingCount} accounts ${CROSSING_MARGIN} credits above their threshold)…`);
          for (const a of accounts) {
            if (a.crossing) {
              a.bank = crypto.randomUUID();
              const r = await rpc.send(WalletRpc.reserve, {
                reservationId: a.bank,
                accountId: a.actor.accountId,
                credits: BANK,
                messages: BANK,
              });
              a.balance = r.balanceAfter;
              a.threshold = a.balance - CROSSING_MARGIN;
            } else {
              a.balance = FUNDS;
              a.threshold = 100; // 50 debits of 1 credit never get there
            }
            await rpc.send(NotificationsRpc.updateBalanceAlert, {
              actor: a.actor,
              settings: { threshold: a.threshold, email: { address: a.email, active: true } },
            });
            a.crossings = [];
            a.pending = 0;
          }
          // Let the setting-up events (funding, bank reservations) drain before measuring.
          await sleep(2000);

          log(`debiting: ${rate}/s over ${accountCount} accounts for ${seconds} s…`);
          const debitLatencies = [];
          let issued = 0;
          let failed = 0;
          let topUps = 0;
          let topUpFailures = 0;
          const inFlight = new Set();
          const topUp = async (a) => {
            // Enough to end above the threshold even once the debits still in flight have landed.
            const credits = Math.max(1, a.threshold + 1 + CROSSING_MARGIN - (a.balance - a.pending));
            try {
              const r = await rpc.send(WalletRpc.refund, {
                refundId: crypto.randomUUID(),
                reservationId: a.bank,
                credits,
                messages: credits,
              });
              a.balance = r.balanceAfter;
              topUps++;
            } catch {
              topUpFailures++;
            }
          };
          const debit = async (a) => {
            const sentAt = Date.now();
            a.pending++;
            try {
              const r = await rpc.send(WalletRpc.reserve, {
                reservationId: crypto.randomUUID(),
                accountId: a.actor.accountId,
                credits: 1,
                messages: 1,
              });
              const repliedAt = Date.now();
              debitLatencies.push(repliedAt - sentAt);
              a.balance = r.balanceAfter;
              // The same rule as the service: this transfer took the balance from above the threshold to it or below.
              if (r.balanceAfter + 1 > a.threshold && r.balanceAfter <= a.threshold) {
                a.crossings.push({ sentAt, repliedAt });
                const p = sleep(REARM_AFTER_MS).then(() => topUp(a));
                inFlight.add(p);
                p.finally(() => inFlight.delete(p));
              }
            } catch {
              failed++;
            } finally {
              a.pending--;
            }
          };
          const started = Date.now();
          while (Date.now() - started < seconds * 1000) {
            const due = Math.floor(((Date.now() - started) * rate) / 1000);
            while (issued < due) {
              const p = debit(accounts[issued % accountCount]);
              issued++;
              inFlight.add(p);
              p.finally(() => inFlight.delete(p));
            }
            await sleep(5);
          }
          const loadSeconds = (Date.now() - started) / 1000;
          await Promise.all([...inFlight]);

          const crossings = accounts.reduce((n, a) => n + a.crossings.length, 0);
          const mailsTo = (a) => smtp.accepted.get(a.email) || [];
          const mailCount = () => accounts.reduce((n, a) => n + mailsTo(a).length, 0);
          log(`load done (${issued} debits, ${crossings} crossings); waiting for the mails…`);
          for (const deadline = Date.now() + 60_000; mailCount() < crossings && Date.now() < deadline; )
            await sleep(200);
          await sleep(3000); // anything sent twice would show up now

          // Pair each account's crossings and mails in order (crossings of one account are ≥ 1.5 s apart).
          const fromReply = [];
          const fromRequest = [];
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
          debitLatencies.sort((x, y) => x - y);
          const { rows: statuses } = await admin.query(
            `SELECT status, count(*)::int AS n, max(attempts)::int AS "maxAttempts" FROM notifications.alerts GROUP BY status ORDER BY status`,
          );
          // Where the time goes: wallet outbox → JetStream (relay), → alert row (detector), → SMTP accepted (dispatcher).
          const { rows: stages } = await admin.query(
            `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms_relay) AS relay50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms_relay) AS relay99,
                    percentile_cont(0.5) WITHIN GROUP (ORDER BY ms_detect) AS detect50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms_detect) AS detect99,
                    percentile_cont(0.5) WITHIN GROUP (ORDER BY ms_send) AS send50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms_send) AS send99
             FROM (SELECT extract(epoch FROM o.published_at - o.created_at) * 1000 AS ms_relay,
                          extract(epoch FROM a.created_at - o.published_at) * 1000 AS ms_detect,
                          extract(epoch FROM a.sent_at - a.created_at) * 1000 AS ms_send
                   FROM notifications.alerts a JOIN wallet.outbox o ON o.id = a.event_id) t`,
          );
          const duplicateIds = smtp.headers.length - new Set(smtp.headers).size;
          const p99 = quantile(fromReply, 0.99);
          const okLatency = p99 <= TARGET_P99_MS;
          const okCount = missing === 0 && extra === 0 && duplicateIds === 0;
          const ms = (v) => `${Number.isFinite(v) ? v.toFixed(0) : '-'} ms`;
          process.stdout.write(
            [
              '',
              `alerts benchmark — ${accountCount} accounts (${crossingCount} crossing), ${rate} debits/s for ${seconds} s`,
              `debits: ${issued - failed} ok, ${failed} failed, ${((issued - failed) / loadSeconds).toFixed(0)}/s achieved; reserve reply p50 ${ms(quantile(debitLatencies, 0.5))}, p99 ${ms(quantile(debitLatencies, 0.99))}`,
              `re-arming refunds: ${topUps} ok, ${topUpFailures} failed`,
              `crossings: ${crossings}   mails accepted: ${mailCount()}   missing: ${missing}   extra: ${extra}   same Message-ID twice: ${duplicateIds}`,
              `alert rows: ${statuses.map((s) => `${s.status} ${s.n} (max attempts ${s.maxAttempts})`).join(', ') || 'none'}`,
              `latency debit commit (reply) → mail accepted: p50 ${ms(quantile(fromReply, 0.5))}, p99 ${ms(p99)}, max ${ms(fromReply[fromReply.length - 1])}  (n=${fromReply.length})`,
              `latency debit request → mail accepted:       p50 ${ms(quantile(fromRequest, 0.5))}, p99 ${ms(quantile(fromRequest, 0.99))}`,
              `  stages p50/p99: wallet tx start → published ${ms(stages[0].relay50)}/${ms(stages[0].relay99)}, → alert raised ${ms(stages[0].detect50)}/${ms(stages[0].detect99)}, → mail accepted ${ms(stages[0].send50)}/${ms(stages[0].send99)}`,
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
          await nc.drain().catch(() => undefined);
        }
      },
      { apps: ['identity', 'wallet', 'notifications'], overrides: { SMTP_URL: smtp.url } },
    );
  } finally {
    await smtp.stop();
  }
}

module.exports = {
  run,
  description:
    'balance alerts: 500 debits/s over 200 accounts, debit commit → alert e-mail latency, one mail per crossing',
};
