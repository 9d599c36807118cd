// POST /sms hot path against the raw path measured in the same run: (a) a framework-free HTTP
// server doing one NATS request to a bare responder doing one INSERT (tools/bench/raw), (b)
// single-recipient sends through the gateway (autocannon, 50 connections, 20 s each), then how long
// until every accepted message is visible in reporting's history.
// Targets: rps(b)/rps(a) ≥ 0.25, p99(b) ≤ 4 × p99(a), all visible ≤ 5 s after the run.
// `npm run bench -- send [--strict] [--cpu-prof]`; BENCH_DURATION_S (20), BENCH_CONNECTIONS (50).
// --cpu-prof: every app writes a V8 CPU profile (node --cpu-prof) into tmp/bench-profiles/<ts>/ on stop.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { Client } = require('pg');
const { withBenchStack, cpuProfArgs, profileWindow, signupAndLogin, request, measure, formatTable, log, verdict } = require('./harness');
const { startRawPath } = require('./raw');

const TARGET_RATIO = 0.25;
const TARGET_P99_FACTOR = 4;
const TARGET_VISIBLE_MS = 5000;

/** utime + stime (s) of each app process, from /proc (Linux). */
function cpuByApp(stack) {
  const ticks = 100; // USER_HZ
  const out = {};
  for (const h of stack.apps.handles) {
    try {
      const fields = fs.readFileSync(`/proc/${h.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      out[h.name] = (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      /* not Linux, or exited */
    }
  }
  return out;
}

/**
 * `count` signed-up accounts, each credited the way production credits them (billing's "invoice paid"
 * event to the wallet), returned once every balance shows the credits.
 */
async function fundedAccounts(stack, count) {
  require(path.join(__dirname, '../runtime/register-aliases.js'));
  const { BillingEvents } = require('@sms/contracts');
  const { createEnvelope, ensureEventsStream, eventSubject } = require('@sms/events');
  const { connect } = require('nats');
  const users = [];
  // A generous dial timeout: a loaded machine can miss the client's 20 s default.
  const nc = await connect({ servers: stack.env.NATS_URL, timeout: 60_000, ...stack.nats.auth.harnessConnectOptions() });
  await ensureEventsStream(nc, { natsPrefix: stack.env.NATS_PREFIX });
  for (let i = 0; i < count; i++) {
    const user = await signupAndLogin(stack.apiUrl);
    const me = await request('GET', `${stack.apiUrl}/me`, { token: user.accessToken });
    user.accountId = me.json.accountId;
    users.push(user);
    const data = {
      invoiceId: crypto.randomUUID(),
      invoiceNumber: 'bench',
      accountId: user.accountId,
      smsCount: 10_000_000,
      paidAt: new Date().toISOString(),
    };
    const envelope = createEnvelope(BillingEvents.invoicePaid, data, { accountId: user.accountId });
    await nc
      .jetstream()
      .publish(eventSubject(envelope.type, stack.env.NATS_PREFIX), JSON.stringify(envelope), { msgID: envelope.id });
  }
  await nc.drain();
  for (const user of users) {
    for (let i = 0; ; i++) {
      const b = await request('GET', `${stack.apiUrl}/account/balance`, { token: user.accessToken });
      if (b.json && b.json.credits > 0) break;
      if (i > 200) throw new Error('the wallet never credited a bench account');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  log(`${count} funded account(s)`);
  return users;
}

/** The autocannon options of the send workload: single-recipient POST /sms, round-robin over the accounts. */
function sendRequest(stack, users) {
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

async function run({ args = [] } = {}) {
  const strict = args.includes('--strict') || process.env.BENCH_STRICT === '1';
  const duration = Number(process.env.BENCH_DURATION_S || 20);
  const nodeArgs = cpuProfArgs(args);
  return withBenchStack(async (stack) => {
    // Many accounts by default (multi-tenant traffic); BENCH_SEND_ACCOUNTS=1 measures one hot wallet.
    const accounts = Number(process.env.BENCH_SEND_ACCOUNTS || 50);
    const users = await fundedAccounts(stack, accounts);
    const send = sendRequest(stack, users);
    const raw = await startRawPath(stack, 'insert');
    let rawResult;
    try {
      log('warming up the raw path 2 s…');
      await measure('warm-up raw', { url: raw.url, method: 'POST', body: send.body, duration: 2 });
      log(`measuring the raw path for ${duration} s…`);
      rawResult = await measure('(a) raw HTTP → NATS → PG INSERT', { url: raw.url, method: 'POST', body: send.body, duration });
    } finally {
      await raw.stop();
    }
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

    const pg = new Client({ connectionString: stack.env.DATABASE_URL });
    await pg.connect();
    let visible = 0;
    let visibleAfterMs = null;
    const deadline = runEnded + 60_000;
    while (Date.now() < deadline) {
      const { rows } = await pg.query(
        `SELECT count(*)::int AS n FROM reporting.messages WHERE account_id = ANY($1::uuid[]) AND submitted_at IS NOT NULL`,
        [users.map((u) => u.accountId)],
      );
      visible = rows[0].n;
      if (visible >= accepted) {
        visibleAfterMs = Date.now() - runEnded;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await pg.end();

    const ratio = result.rps / rawResult.rps;
    const p99Factor = result.p99 / Math.max(rawResult.p99, 1);
    console.log(`\n${formatTable([rawResult, result])}\n`);
    console.log(`ratio b/a (req/s): ${ratio.toFixed(3)}   p99(b) / p99(a): ${p99Factor.toFixed(2)}`);
    console.log(
      `accepted (202): ${accepted}; visible in history: ${visible}; all visible ${visibleAfterMs === null ? 'NOT within 60 s' : `${visibleAfterMs} ms after the run`}`,
    );
    const cpu = Object.keys(cpuAfter)
      .map((app) => [app, cpuAfter[app] - (cpuBefore[app] || 0)])
      .sort((a, b) => b[1] - a[1]);
    console.log(`CPU seconds used during the run: ${cpu.map(([app, secs]) => `${app} ${secs.toFixed(1)}`).join(', ')}`);
    const checks = [
      [`req/s b/a ≥ ${TARGET_RATIO}`, ratio >= TARGET_RATIO, `${ratio.toFixed(3)} (${result.rps.toFixed(0)} vs ${rawResult.rps.toFixed(0)})`],
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
      ['raw path: no errors / non-2xx', rawResult.errors === 0 && rawResult.non2xx === 0, `${rawResult.errors} / ${rawResult.non2xx}`, true],
      ['some SMS accepted', accepted > 0, String(accepted), true],
    ];
    return verdict(checks, strict);
  }, { nodeArgs });
}

module.exports = { run, fundedAccounts, sendRequest };
