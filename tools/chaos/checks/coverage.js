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
  const bound = gaveUpBound(stats.ops);
  ctx.note(NAME, `gave up ${stats.gaveUp} request(s) (bound ${bound})`);
  if (stats.gaveUp > bound)
    ctx.violation(NAME, `${stats.gaveUp} requests gave up after their retries (bound ${bound})`);
}

module.exports = { name: NAME, enabled: () => true, run, minimums, gaveUpBound };
