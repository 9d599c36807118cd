import { WAIT_FOR_BROKER } from '@sms/nats';
import type { LoggerService } from '@nestjs/common';
import { natsServers } from '@sms/config';
import { natsAuthOptions } from '@sms/nats-auth';
import { connect, ErrorCode, NatsConnection, NatsError } from 'nats';

/** Either a live connection (shared, not ours to close) or a URL (we connect and close). */
export type NatsSource = NatsConnection | string;

export interface OwnedConnection {
  nc: NatsConnection;
  release(): Promise<void>;
}

export async function acquireConnection(source: NatsSource, name: string): Promise<OwnedConnection> {
  if (typeof source !== 'string') return { nc: source, release: async () => undefined };
  // Reconnect forever: the relay and consumers must outlive a NATS restart.
  const nc = await connect({
    servers: natsServers(source),
    name,
    ...WAIT_FOR_BROKER,
    // No Error (with its stack) built per JetStream publish, pull and ack request just in case it fails.
    noAsyncTraces: true,
    ...natsAuthOptions(),
  });
  return { nc, release: () => nc.drain().catch(() => undefined) };
}

export function sleep(ms: number, signal?: { promise: Promise<void> }): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void signal?.promise.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Sleeps `ms`, or less when one of the latches fires first. */
export function sleepUntil(ms: number, ...signals: { promise: Promise<void> }[]): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    for (const signal of signals)
      void signal.promise.then(() => {
        clearTimeout(timer);
        resolve();
      });
  });
}

/** A one-shot latch: `promise` resolves once `fire()` is called. */
export class Latch {
  private resolveFn!: () => void;
  readonly promise = new Promise<void>((resolve) => (this.resolveFn = resolve));
  fire(): void {
    this.resolveFn();
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Broker errors that end with the outage: worth waiting out at start-up rather than exiting. */
const TRANSIENT_NATS_CODES = new Set<string>([
  ErrorCode.Timeout,
  ErrorCode.ConnectionRefused,
  ErrorCode.ConnectionTimeout,
  ErrorCode.Disconnect,
  ErrorCode.NoResponders, // also JetStream not (yet) enabled after a broker restart
  ErrorCode.JetStream408RequestTimeout,
]);

export function isTransientNatsError(err: unknown): boolean {
  return err instanceof NatsError && TRANSIENT_NATS_CODES.has(err.code);
}

/**
 * Runs a start-up step that needs the broker (JetStream stream or consumer set-up), retrying
 * while the broker is unreachable: a service started during an outage waits instead of exiting.
 * Other errors (a bad configuration) are thrown at once.
 */
export async function retryWhileBrokerDown<T>(what: string, step: () => Promise<T>, logger: LoggerService): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (!isTransientNatsError(err)) throw err;
      if (attempt === 1 || attempt % 10 === 0) {
        logger.warn({ msg: `${what}: broker unreachable, retrying`, attempt, error: errorMessage(err) });
      }
      await sleep(Math.min(2000, 100 * 2 ** attempt));
    }
  }
}
