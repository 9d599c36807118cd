import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadSupervisor } from './supervisor';
import { REPO_ROOT } from './app-stack';

/** The compiled smsc-simulator app as its own process, on free ports, for tiers that run the stack. */
export interface SmscProcess {
  smppPort: number;
  /** HTTP control endpoint (GET /received, /stats; POST /drop, /mo, /config, /reset). */
  controlUrl: string;
  /** SMPP_URL for messaging. */
  smppUrl: string;
  stop(): Promise<void>;
}

export async function startSmscProcess(env: Record<string, string> = {}, timeoutMs = 120_000): Promise<SmscProcess> {
  const { SupervisedProcess, appMain, nodeAppCommand } = loadSupervisor();
  const main = appMain('smsc-simulator', REPO_ROOT);
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  const systemId = env.SMSC_SYSTEM_ID ?? 'smsc';
  const password = env.SMSC_PASSWORD ?? 'secret';
  const simulator = new SupervisedProcess({
    name: 'smsc-simulator',
    ...nodeAppCommand('smsc-simulator', REPO_ROOT),
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      SMSC_PORT: '0',
      SMSC_HTTP_PORT: '0',
      ...env,
      SMSC_SYSTEM_ID: systemId,
      SMSC_PASSWORD: password,
    },
    // Its first stdout line reports the ports; nothing else is read.
    output: { kind: 'pipe' },
    detached: false,
  });
  simulator.start();
  const stdout = simulator.child?.stdout;
  if (!stdout) throw new Error('smsc-simulator has no stdout');
  simulator.child?.stderr?.pipe(process.stderr);
  const ports = await new Promise<{ smppPort: number; httpPort: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('smsc-simulator did not report its ports')), timeoutMs);
    void simulator.exited.then((info) => reject(new Error(`smsc-simulator exited with ${info?.code}`)));
    createInterface({ input: stdout }).once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as { smppPort: number; httpPort: number });
      } catch (err) {
        reject(err as Error);
      }
    });
  });
  return {
    smppPort: ports.smppPort,
    controlUrl: `http://127.0.0.1:${ports.httpPort}`,
    smppUrl: `smpp://${encodeURIComponent(systemId)}:${encodeURIComponent(password)}@127.0.0.1:${ports.smppPort}`,
    stop: async () => {
      await simulator.stop(30_000);
    },
  };
}
