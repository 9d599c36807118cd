// The answers the traffic got: a definitive status the operation cannot legitimately get (a 500,
// a 400 for a valid body, a 409 for a same-body retry, a 2xx for a reused key with another body…)
// is a violation. 502/503/504 and connection errors while a process is down are not: the client
// retries those, and gives up after a while (counted in the summary).
import { groupBy, type Check } from './context';

const NAME = 'responses';

export const responsesCheck: Check = {
  name: NAME,
  enabled: () => true,
  async run(ctx) {
    const bad = ctx.traffic.unexpected;
    if (!bad.length) return;
    const groups = groupBy(bad, (u) =>
      `${u.op} ${u.method ?? ''} ${u.path ?? ''} → ${u.status} ${u.code === undefined ? '' : String(u.code)}`.trim(),
    );
    for (const [what, rows] of groups) {
      const details = rows.map((r) => r.detail).filter((d) => d !== undefined && d !== null && d !== '');
      ctx.violation(NAME, `${rows.length}× ${what}`, [...new Set(details.map(String))]);
    }
  },
};
