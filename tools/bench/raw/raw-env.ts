// The environment of the raw baseline's processes (set by index.ts) and their NATS connection.
import { connect, type NatsConnection, nkeyAuthenticator } from 'nats';

export type RawMode = 'read' | 'insert' | 'bulk';

export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** The stack's NATS as the benchmark's (harness) user, whose seed is in the environment. */
export function connectRaw(name: string): Promise<NatsConnection> {
  const seed = process.env.NATS_NKEY_SEED;
  return connect({
    servers: required('NATS_URL'),
    name,
    ...(seed ? { authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)) } : {}),
  });
}

export function failed(what: string): (err: unknown) => never {
  return (err) => {
    process.stderr.write(`${what} failed: ${err instanceof Error && err.stack ? err.stack : String(err)}\n`);
    process.exit(1);
  };
}
