// No vacuous pass: a run proves something only if the traffic actually happened. Every kind of
// operation must have succeeded a minimum number of times (scaled to the run's length), every
// feature must be on (a route missing from /api/docs-json is a failure, not a reason to skip its
// checks), and requests that exhausted their retries stay under a small bound.
'use strict';

const NAME = 'coverage';

/**
 * Successful operations ('ok' outcomes) required per kind in a 75 s run with 6 workers: well under
 * what a loaded machine gives (a run here saw 300-500 operations), far above a broken stack's zero.
 */
const MIN_OK_PER_75S = {
  signup: 3,
  purchase: 3,
  pay: 3,
  createSub: 2,
  credit: 3,
  reset: 1,
  toggle: 1,
  sendOwner: 5,
  sendManager: 3,
  sendUnkeyed: 1,
  keyReuse: 1,
  reads: 3,
};

/** Gave-up requests allowed: 2 % of the operations, at least 3. */
const gaveUpBound = (ops) => Math.max(3, Math.ceil(ops * 0.02));

function minimums(durationS) {
  const scale = Math.min(1, durationS / 75);
  return Object.fromEntries(Object.entries(MIN_OK_PER_75S).map(([k, n]) => [k, Math.max(1, Math.floor(n * scale))]));
}

async function run(ctx) {
  const off = Object.entries(ctx.detected || ctx.features).filter(([, on]) => !on);
  if (off.length) {
    ctx.violation(
      NAME,
      `feature(s) off: ${off.map(([k]) => k).join(', ')} (app not built or routes missing from /api/docs-json)`,
    );
  }
  const stats = ctx.traffic.stats;
  const short = [];
  const seen = [];
  for (const [op, min] of Object.entries(minimums(ctx.durationS))) {
    const ok = (stats.byOp[op] && stats.byOp[op].ok) || 0;
    seen.push(`${op} ${ok}/${min}`);
    if (ok < min) short.push(`${op}: ${ok} successful, at least ${min} required`);
  }
  ctx.note(NAME, `successful operations (got/required): ${seen.join(', ')}`);
  if (short.length) ctx.violation(NAME, `${short.length} kind(s) of operation too rarely successful`, short);
  if (ctx.features.alerts) await alertCoverage(ctx);
  const bound = gaveUpBound(stats.ops);
  ctx.note(NAME, `gave up ${stats.gaveUp} request(s) (bound ${bound})`);
  if (stats.gaveUp > bound)
    ctx.violation(NAME, `${stats.gaveUp} requests gave up after their retries (bound ${bound})`);
}

/**
 * The alerts check proves something only with verified channels and alerts that went out: at
 * least one channel verified with the mailed code, and at least one alert sent.
 */
async function alertCoverage(ctx) {
  const [row] = await ctx.db.rows(`
    SELECT (SELECT count(*) FROM notifications.balance_alerts WHERE email_verified)::int
         + (SELECT count(*) FROM notifications.balance_alerts WHERE sms_verified)::int AS verified,
           (SELECT count(*) FROM notifications.alerts WHERE status = 'sent')::int AS sent`);
  const failed = ctx.traffic.stats.verifyFailed || 0;
  ctx.note(
    NAME,
    `alert channels verified ${row.verified}/1 (${failed} verification(s) without a code mail), alerts sent ${row.sent}/1`,
  );
  const short = [];
  if (row.verified < 1) short.push(`verified alert channels: ${row.verified}, at least 1 required`);
  if (row.sent < 1) short.push(`alerts sent: ${row.sent}, at least 1 required`);
  if (short.length) ctx.violation(NAME, 'the alerts check would be vacuous', short);
}

module.exports = { name: NAME, enabled: () => true, run, minimums, gaveUpBound };
