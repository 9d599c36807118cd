import { connect, ConnectionOptions, NatsConnection } from 'nats';

/**
 * One handshake's deadline. nats.js's default (20 s) was missed on a loaded machine (int specs
 * failed with TIMEOUT while the broker was up, only slow): generous, since it only matters then.
 */
export const HANDSHAKE_TIMEOUT_MS = 60_000;

/**
 * What every NATS client of the system shares: the first connect waits for the broker (a refused or
 * timed-out attempt is retried like a reconnect instead of failing the start), reconnects for ever,
 * and each handshake may take up to HANDSHAKE_TIMEOUT_MS. `noAsyncTraces`: nats.js otherwise builds
 * an Error (a stack capture) for every request, JetStream publishes and pulls included, in case it
 * times out: 10 % of wallet's CPU under the reserve bench (`npm run bench -- wallet --cpu-prof`,
 * frames BaseRequest and NatsError), paid by the events connections that lacked it.
 */
export const WAIT_FOR_BROKER = {
  waitOnFirstConnect: true,
  noAsyncTraces: true,
  maxReconnectAttempts: -1,
  timeout: HANDSHAKE_TIMEOUT_MS,
} as const satisfies ConnectionOptions;

/** How long a test's helper waits for the broker by default before it fails with a clear message. */
export const TEST_BROKER_WAIT_MS = 120_000;

/**
 * A connection that waits for the broker (WAIT_FOR_BROKER), for tests and tools: rejects after
 * `giveUpMs` naming the servers, and closes the client if it connects after all.
 */
export async function connectWhenReachable(
  options: ConnectionOptions,
  giveUpMs: number = TEST_BROKER_WAIT_MS,
): Promise<NatsConnection> {
  const pending = connect({ ...WAIT_FOR_BROKER, ...options });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`NATS at ${String(options.servers)} not reachable within ${giveUpMs} ms`)),
      giveUpMs,
    );
  });
  try {
    return await Promise.race([pending, late]);
  } catch (err) {
    void pending.then(
      (nc) => nc.close(),
      () => undefined,
    );
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
