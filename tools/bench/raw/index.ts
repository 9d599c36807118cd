// Raw baselines measured in the same run as the benchmark that compares against them: separate
// processes (like the apps), framework-free, talking to the same PostgreSQL and NATS as the stack.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { spawnManaged } from '../../dev-stack/processes';
import type { BenchStack } from '../harness';
import type { RawMode } from './raw-env';

export type { RawMode } from './raw-env';

/** What this module uses of a tools/dev-stack spawnManaged handle. */
interface Child {
  name: string;
  child: { stdout: Readable | null };
  exited: Promise<{ code: number | null }>;
  stop(timeoutMs?: number): Promise<unknown>;
}

export interface RawServer {
  url: string;
  stop(): Promise<void>;
}

/** Resolves the first stdout line of `handle` matching `pattern`, or rejects when it exits first. */
function waitForLine(handle: Child, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const stdout = handle.child.stdout;
    if (!stdout) return reject(new Error(`${handle.name} has no stdout`));
    const rl = createInterface({ input: stdout });
    rl.on('line', (line) => {
      const m = pattern.exec(line);
      if (m) resolve(m);
    });
    void handle.exited.then(({ code }) => reject(new Error(`${handle.name} exited (${code}) before it was ready`)));
  });
}

/** Runs `<file>.js` of this directory (compiled: tools run from dist/tools) as a child process. */
function spawnNode(name: string, file: string, env: Record<string, string>): Child {
  const handle = spawnManaged(name, process.execPath, [path.join(__dirname, `${file}.js`)], {
    env: { ...process.env, ...env },
    quiet: false,
  });
  // tools/dev-stack is still JavaScript: `exited` and `stop` are added after the literal, so its
  // inferred type misses them. Once it is typed, return the handle without the cast.
  return handle as unknown as Child;
}

/**
 * HTTP → NATS → PostgreSQL with nothing else: mode 'read' (one SELECT by primary key), 'insert'
 * (one INSERT) or 'bulk' (one INSERT of RAW_ROWS rows, default 10,000). Resolves once both processes are ready.
 */
export async function startRawPath(stack: Pick<BenchStack, 'env'>, mode: RawMode): Promise<RawServer> {
  const env = {
    NATS_URL: stack.env.NATS_URL,
    DATABASE_URL: stack.env.DATABASE_URL,
    RAW_SUBJECT: `bench.raw.${randomBytes(4).toString('hex')}`,
    RAW_MODE: mode,
  };
  const responder = spawnNode('raw-responder', 'responder', env);
  await waitForLine(responder, /^ready$/);
  const front = spawnNode('raw-http', 'http-server', env);
  const [, port] = await waitForLine(front, /^port (\d+)$/);
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: async () => {
      await front.stop(3000);
      await responder.stop(3000);
    },
  };
}

/** A bare HTTP server answering every GET with the bytes of `file`. */
export async function startBytesServer(file: string, contentType: string): Promise<RawServer> {
  const server = spawnNode('raw-bytes', 'bytes-server', { BYTES_FILE: file, BYTES_TYPE: contentType });
  const [, port] = await waitForLine(server, /^port (\d+)$/);
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: async () => {
      await server.stop(3000);
    },
  };
}
