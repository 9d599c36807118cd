// The send workload (send.bench.ts: single-recipient POST /sms, many accounts) on a stack with one
// process of every app, then on a stack with two (REPLICAS=2: the gateways behind the dev stack's
// round-robin balancer), in one run: both throughputs and p99s, and the ratio. On a 2-core machine
// the second replica cannot double anything; the figure says what it does buy, and that nothing breaks.
// `npm run bench -- scale`; BENCH_DURATION_S (20), BENCH_CONNECTIONS (50), BENCH_SEND_ACCOUNTS (50).
import * as os from 'node:os';
import { fundedAccounts } from './funding';
import {
  type BenchArgs,
  envNumber,
  formatTable,
  isStrict,
  log,
  type Measurement,
  measure,
  verdict,
  withBenchStack,
} from './harness';
import { sendRequest } from './send.bench';

async function measureWith(replicas: number, duration: number, accounts: number): Promise<Measurement> {
  return withBenchStack(
    async (stack) => {
      const users = await fundedAccounts(stack, accounts);
      const send = sendRequest(stack, users);
      log(`REPLICAS=${replicas}: warming up 3 s…`);
      await measure('warm-up', { ...send, duration: 3 });
      log(`REPLICAS=${replicas}: measuring POST /sms for ${duration} s…`);
      return measure(`POST /sms, REPLICAS=${replicas} (1 recipient, ${accounts} accounts)`, { ...send, duration });
    },
    { replicas },
  );
}

export async function run({ args }: BenchArgs): Promise<number> {
  const strict = isStrict(args);
  const duration = envNumber('BENCH_DURATION_S', 20);
  const accounts = envNumber('BENCH_SEND_ACCOUNTS', 50);
  const one = await measureWith(1, duration, accounts);
  const two = await measureWith(2, duration, accounts);
  const ratio = two.rps / Math.max(one.rps, 1e-9);
  console.log(`\n${formatTable([one, two])}\n`);
  console.log(
    `throughput REPLICAS=2 / REPLICAS=1: ${ratio.toFixed(2)}   p99: ${one.p99} ms → ${two.p99} ms   (cores: ${os.cpus().length})`,
  );
  return verdict(
    [
      ['REPLICAS=1: no errors / non-2xx', one.errors === 0 && one.non2xx === 0, `${one.errors} / ${one.non2xx}`, true],
      ['REPLICAS=2: no errors / non-2xx', two.errors === 0 && two.non2xx === 0, `${two.errors} / ${two.non2xx}`, true],
    ],
    strict,
  );
}

export const description = 'the send workload with REPLICAS=1, then REPLICAS=2 behind the balancer';
