#!/usr/bin/env node
// The dev balancer as a process of its own (balancer.ts): what the dev stack, the chaos suite and
// the e2e tier put in front of gateway replicas, isolated from the harness that starts it (a test
// runner blocking its event loop, a traffic generator's load) like a real load balancer.
//   node dist/tools/dev-stack/balancer-main.js --port 3000 [--host 127.0.0.1] --upstreams 41001,41002
// The replicas keep their ports across restarts. Once listening it prints one JSON line,
// {"msg":"balancer listening","port":…} (the bound port, for --port 0); SIGTERM / SIGINT close it.
import { startBalancer } from './balancer';

export interface BalancerArgs {
  port: number;
  host: string;
  upstreams: number[];
}

const isPort = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= 65535;

export function parseBalancerArgs(argv: readonly string[]): BalancerArgs {
  const out: BalancerArgs = { port: -1, host: '127.0.0.1', upstreams: [] };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1] ?? '';
    if (argv[i] === '--port') out.port = Number(value);
    else if (argv[i] === '--host') out.host = value;
    else if (argv[i] === '--upstreams') out.upstreams = value.split(',').map(Number);
    else throw new Error(`unknown argument ${argv[i]}`);
    i++;
  }
  if (!isPort(out.port)) throw new Error('--port must be a port number (0: any free one)');
  if (out.upstreams.length === 0 || !out.upstreams.every((p) => isPort(p) && p > 0))
    throw new Error('--upstreams must list the replicas’ ports, comma-separated');
  return out;
}

async function main(): Promise<void> {
  const { port, host, upstreams } = parseBalancerArgs(process.argv.slice(2));
  const balancer = await startBalancer({ port, host, upstreams: () => upstreams });
  process.stdout.write(
    `${JSON.stringify({ level: 'info', service: 'balancer', msg: 'balancer listening', port: balancer.port, upstreams })}\n`,
  );
  const close = (): void => {
    void balancer.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`balancer failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
