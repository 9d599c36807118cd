// Gateway overhead: GET /health/live (no auth, no NATS) vs GET /me (JWT check + NATS round trip to
// identity + a PostgreSQL read). Targets: me/live req/s ≥ 0.35 and p99(me) ≤ 25 ms.
// `npm run bench -- gateway [--strict]` (--strict: exit 1 when a target is missed).
'use strict';
const { withBenchStack, signupAndLogin, measure, formatTable, log } = require('./harness');

const TARGET_RATIO = 0.35;
const TARGET_P99_MS = 25;

async function run({ args = [] } = {}) {
  const strict = args.includes('--strict') || process.env.BENCH_STRICT === '1';
  return withBenchStack(async (stack) => {
    const user = await signupAndLogin(stack.apiUrl);
    const live = { url: `${stack.apiUrl}/health/live` };
    const me = { url: `${stack.apiUrl}/me`, headers: { authorization: `Bearer ${user.accessToken}` } };

    log('warming up (2 s each)…');
    await measure('warm-up live', { ...live, duration: 2 });
    await measure('warm-up me', { ...me, duration: 2 });

    log(`measuring GET /health/live…`);
    const a = await measure('(a) GET /api/v1/health/live', live);
    log(`measuring GET /me…`);
    const b = await measure('(b) GET /api/v1/me', me);

    const ratio = b.rps / a.rps;
    const okRatio = ratio >= TARGET_RATIO;
    const okP99 = b.p99 <= TARGET_P99_MS;
    const failures = a.errors + a.non2xx + b.errors + b.non2xx;
    const connections = a.raw.connections;
    process.stdout.write(
      [
        '',
        `gateway benchmark — ${connections} connections, ${a.raw.duration} s each`,
        formatTable([a, b]),
        '',
        `ratio b/a (req/s): ${ratio.toFixed(3)}   target ≥ ${TARGET_RATIO}   ${okRatio ? 'OK' : 'MISSED'}`,
        `p99(b):            ${b.p99} ms   target ≤ ${TARGET_P99_MS} ms   ${okP99 ? 'OK' : 'MISSED'}`,
        failures ? `WARNING: ${failures} failed or non-2xx responses, the figures are not meaningful` : '',
        '',
      ].join('\n'),
    );
    if (failures) return 1;
    return strict && !(okRatio && okP99) ? 1 : 0;
  });
}

module.exports = { run, description: 'GET /health/live vs authenticated GET /me through the gateway' };
