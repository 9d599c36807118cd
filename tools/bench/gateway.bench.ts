// Gateway overhead against the raw path measured in the same run: (a) a framework-free HTTP server
// doing one NATS request to a bare responder that does one indexed PostgreSQL read, (b) GET /me
// through the gateway (JWT check + NATS round trip to identity + the same kind of read), and for
// information (c) GET /health/live (no auth, no NATS).
// Targets: rps(b)/rps(a) ≥ 0.7 and p99(b) ≤ 2 × p99(a).
// `npm run bench -- gateway [--strict] [--cpu-prof]` (--strict: exit 1 when a target is missed;
// --cpu-prof: V8 profiles of every app, the window being the GET /me measurement).
import type autocannon from 'autocannon';
import {
  type BenchArgs,
  cpuProfArgs,
  formatTable,
  isStrict,
  log,
  measure,
  profileWindow,
  signupAndLogin,
  withBenchStack,
} from './harness';
import { startRawPath } from './raw';

const TARGET_RATIO = 0.7;
const TARGET_P99_FACTOR = 2;

export async function run({ args }: BenchArgs): Promise<number> {
  const strict = isStrict(args);
  const nodeArgs = cpuProfArgs(args);
  return withBenchStack(async (stack) => {
    const user = await signupAndLogin(stack.apiUrl);
    const raw = await startRawPath(stack, 'read');
    try {
      const targets: Record<'raw' | 'me' | 'live', autocannon.Options> = {
        raw: { url: raw.url },
        me: { url: `${stack.apiUrl}/me`, headers: { authorization: `Bearer ${user.accessToken}` } },
        live: { url: `${stack.apiUrl}/health/live` },
      };
      log('warming up (2 s each)…');
      for (const [name, target] of Object.entries(targets))
        await measure(`warm-up ${name}`, { ...target, duration: 2 });

      log('measuring the raw path…');
      const a = await measure('(a) raw HTTP → NATS → PG read', targets.raw);
      log('measuring GET /me…');
      const profiled = profileWindow(stack);
      profiled.begin();
      const b = await measure('(b) GET /api/v1/me', targets.me);
      profiled.end();
      log('measuring GET /health/live…');
      const c = await measure('(c) GET /api/v1/health/live', targets.live);

      const ratio = b.rps / a.rps;
      const p99Factor = b.p99 / Math.max(a.p99, 1);
      const okRatio = ratio >= TARGET_RATIO;
      const okP99 = p99Factor <= TARGET_P99_FACTOR;
      const failures = [a, b, c].reduce((n, r) => n + r.errors + r.non2xx, 0);
      process.stdout.write(
        [
          '',
          `gateway benchmark — ${a.raw.connections} connections, ${a.raw.duration} s each`,
          formatTable([a, b, c]),
          '',
          `ratio b/a (req/s):  ${ratio.toFixed(3)}   target ≥ ${TARGET_RATIO}   ${okRatio ? 'OK' : 'MISSED'}`,
          `p99(b) / p99(a):    ${p99Factor.toFixed(2)}   target ≤ ${TARGET_P99_FACTOR}   ${okP99 ? 'OK' : 'MISSED'}`,
          failures ? `ERROR: ${failures} failed or non-2xx responses, the figures are not meaningful` : '',
          '',
        ].join('\n'),
      );
      if (failures) return 1;
      return strict && !(okRatio && okP99) ? 1 : 0;
    } finally {
      await raw.stop();
    }
  }, { nodeArgs });
}

export const description = 'GET /me through the gateway vs a raw HTTP → NATS → PostgreSQL read, same run';
