// The answers the traffic got: a definitive status the operation cannot legitimately get (a 500,
// a 400 for a valid body, a 409 for a same-body retry, a 2xx for a reused key with another body…)
// is a violation. 502/503/504 and connection errors while a process is down are not: the client
// retries those, and gives up after a while (counted in the summary).
'use strict';
const { groupBy } = require('./context');

const NAME = 'responses';

async function run(ctx) {
  const bad = ctx.traffic.unexpected;
  if (!bad.length) return;
  const groups = groupBy(bad, (u) => `${u.op} ${u.method || ''} ${u.path || ''} → ${u.status} ${u.code || ''}`.trim());
  for (const [what, rows] of groups) {
    ctx.violation(NAME, `${rows.length}× ${what}`, [...new Set(rows.map((r) => r.detail).filter(Boolean))]);
  }
}

module.exports = { name: NAME, enabled: () => true, run };
