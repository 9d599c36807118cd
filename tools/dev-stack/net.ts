// Small TCP/HTTP helpers shared by the dev stack, the benchmarks and the e2e harness.
import * as net from 'node:net';

/** Resolves true when something accepts a TCP connection on host:port within timeoutMs. */
export function isPortOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open: boolean): void => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Resolves true when `port` can be bound on host (nobody listens there). */
export function canBind(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** `preferred` when it is free, else a port the OS hands out. */
export async function findFreePort(preferred?: number, host = '127.0.0.1'): Promise<number> {
  if (preferred && (await canBind(preferred, host)) && !(await isPortOpen(preferred, host))) return preferred;
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface WaitForPortOptions {
  host?: string;
  timeoutMs?: number;
  intervalMs?: number;
  shouldAbort?: () => string | null | undefined | false;
}

/** Polls until host:port accepts connections; rejects after timeoutMs or when shouldAbort() returns a reason. */
export async function waitForPort(
  port: number,
  { host = '127.0.0.1', timeoutMs = 15000, intervalMs = 100, shouldAbort }: WaitForPortOptions = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await isPortOpen(port, host, 300)) return;
    const reason = shouldAbort && shouldAbort();
    if (reason) throw new Error(reason);
    if (Date.now() > deadline) throw new Error(`nothing answered on ${host}:${port} within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
