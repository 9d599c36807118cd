// A 10,000-recipient campaign (issue 16): `POST /sms` answered 202 in ≤ 1 s and every message handed
// to the carrier (simulated, throttle off) ≤ 5 s after the POST. For comparison, in the same run, the
// raw path doing the same database work framework-free (HTTP → NATS → a bare responder inserting
// 10,000 rows in one statement, `tools/bench/raw` mode 'bulk'): ratio = raw time / POST time.
// `npm run bench -- campaign [--strict] [--cpu-prof]` (profiles as in send.bench.js); BENCH_CAMPAIGNS (3): campaigns measured one after another.
'use strict';
const crypto = require('crypto');
const path = require('path');
const { Client } = require('pg');
const { withBenchStack, cpuProfArgs, profileWindow, signupAndLogin, request, log, verdict } = require('./harness');
const { startRawPath } = require('./raw');

const RECIPIENTS = 10_000;
const TARGET_ACCEPT_MS = 1000;
const TARGET_CARRIER_MS = 5000;

const recipients = (run) =>
  Array.from({ length: RECIPIENTS }, (_, i) => `+39333${String(run).padStart(1, '0')}${String(i).padStart(6, '0')}`);

async function run({ args = [] } = {}) {
  const strict = args.includes('--strict') || process.env.BENCH_STRICT === '1';
  const campaigns = Number(process.env.BENCH_CAMPAIGNS || 3);
  return withBenchStack(
    async (stack) => {
      require(path.join(__dirname, '../runtime/register-aliases.js'));
      const { BillingEvents } = require('@sms/contracts');
      const { createEnvelope, ensureEventsStream, eventSubject } = require('@sms/events');
      const { connect } = require('nats');

      const user = await signupAndLogin(stack.apiUrl);
      const me = await request('GET', `${stack.apiUrl}/me`, { token: user.accessToken });
      const accountId = me.json.accountId;
      const nc = await connect({ servers: stack.env.NATS_URL, timeout: 30_000, waitOnFirstConnect: true, ...stack.nats.auth.harnessConnectOptions() });
      await ensureEventsStream(nc, { natsPrefix: stack.env.NATS_PREFIX });
      const data = {
        invoiceId: crypto.randomUUID(),
        invoiceNumber: 'bench',
        accountId,
        smsCount: 10_000_000,
        paidAt: new Date().toISOString(),
      };
      const envelope = createEnvelope(BillingEvents.invoicePaid, data, { accountId });
      await nc.jetstream().publish(eventSubject(envelope.type, stack.env.NATS_PREFIX), JSON.stringify(envelope), { msgID: envelope.id });
      await nc.drain();
      for (let i = 0; ; i++) {
        const b = await request('GET', `${stack.apiUrl}/account/balance`, { token: user.accessToken });
        if (b.json && b.json.credits > 0) break;
        if (i > 200) throw new Error('the wallet never credited the bench account');
        await new Promise((r) => setTimeout(r, 100));
      }

      // Raw: the same 10,000-row insert behind HTTP → NATS, framework-free (best of `campaigns` runs).
      const raw = await startRawPath(stack, 'bulk');
      const rawMs = [];
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

      const pg = new Client({ connectionString: stack.env.DATABASE_URL });
      await pg.connect();
      const results = [];
      const profiled = profileWindow(stack);
      profiled.begin();
      try {
        for (let i = 0; i < campaigns; i++) {
          const t0 = Date.now();
          const res = await request('POST', `${stack.apiUrl}/sms`, {
            token: user.accessToken,
            body: { to: recipients(i), text: 'Benchmark campaign: 10,000 recipients', sender: 'BENCH' },
          });
          const acceptedMs = Date.now() - t0;
          if (res.status !== 202) throw new Error(`POST /sms answered ${res.status}: ${res.text.slice(0, 300)}`);
          const campaignId = res.json.campaignId;
          let carrierMs = null;
          while (Date.now() - t0 < 60_000) {
            const { rows } = await pg.query(
              `SELECT count(*) FILTER (WHERE sent_at IS NOT NULL OR status <> 'queued')::int AS handed
                 FROM messaging.messages WHERE campaign_id = $1`,
              [campaignId],
            );
            if (rows[0].handed >= RECIPIENTS) {
              carrierMs = Date.now() - t0;
              break;
            }
            await new Promise((r) => setTimeout(r, 50));
          }
          log(`campaign ${i + 1}: 202 after ${acceptedMs} ms, all at the carrier after ${carrierMs ?? '—'} ms`);
          results.push({ acceptedMs, carrierMs });
        }
      } finally {
        profiled.end();
        await pg.end();
      }

      const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const accepted = median(results.map((r) => r.acceptedMs));
      const handed = results.every((r) => r.carrierMs !== null) ? median(results.map((r) => r.carrierMs)) : null;
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

module.exports = {
  run,
  description: 'a 10,000-recipient POST /sms: 202 time and time until all at the carrier, vs a raw bulk insert',
};
