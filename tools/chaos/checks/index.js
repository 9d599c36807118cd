// Runs every check that the stack supports, each isolated (one failing to run is a violation of
// its own, the others still run).
'use strict';

const CHECKS = [
  require('./responses'),
  require('./credits'),
  require('./idempotency'),
  require('./messages'),
  require('./alerts'),
  require('./webhooks'),
  require('./invoices'),
  require('./model'),
  require('./coverage'),
  require('./processes'),
];

async function runChecks(ctx, log) {
  const ran = [];
  for (const check of CHECKS) {
    if (!check.enabled(ctx.features)) {
      ctx.note(check.name, 'skipped: not in this stack yet');
      continue;
    }
    const before = ctx.violations.length;
    try {
      await check.run(ctx);
    } catch (err) {
      ctx.violation(check.name, `check could not run: ${err.stack || err.message}`);
    }
    ran.push(check.name);
    log(`check ${check.name}: ${ctx.violations.length - before} violation(s)`);
  }
  return ran;
}

/** Names of the checks this stack supports. */
function enabledChecks(features) {
  return CHECKS.filter((c) => c.enabled(features)).map((c) => c.name);
}

module.exports = { runChecks, enabledChecks };
