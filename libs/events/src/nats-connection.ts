import { connect, NatsConnection } from 'nats';

/** Either a live connection (shared, not ours to close) or a URL (we connect and close). */
export type NatsSource = NatsConnection | string;

export interface OwnedConnection {
  nc: NatsConnection;
  release(): Promise<void>;
}

export async function acquireConnection(source: NatsSource, name: string): Promise<OwnedConnection> {
  if (typeof source !== 'string') return { nc: source, release: async () => undefined };
  // Reconnect forever: the relay and consumers must outlive a NATS restart.
  const nc = await connect({ servers: source, name, maxReconnectAttempts: -1 });
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
