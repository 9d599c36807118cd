import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** What a pass under the system-wide lock did: `ran: false` when another process held the lock. */
export type LockedPass<T> = { ran: true; value: T } | { ran: false };

interface PooledClient {
  query(sql: string, params: unknown[]): Promise<{ rows: { got?: boolean }[] }>;
  release(destroy?: unknown): void;
  on(event: 'error', listener: (err: Error) => void): void;
  removeListener(event: 'error', listener: (err: Error) => void): void;
}

/**
 * Runs `work` only while this process holds the session advisory lock named `name`, so that
 * of several replicas of a service one at a time does a pass of once-per-system work (a sweep,
 * a settlement round). A replica that asks meanwhile gets `{ ran: false }` at once and tries
 * again on its next tick: nobody waits, and a replica that dies frees the lock with its
 * connection. The lock lives on a pooled connection of its own; `work` uses the pool as usual.
 * Work done under it must still be idempotent: a connection cut mid-pass (the database
 * restarting) frees the lock while `work` may still be finishing.
 */
export async function withSingletonLock<T>(
  ds: DataSource,
  name: string,
  work: () => Promise<T>,
): Promise<LockedPass<T>> {
  const pool = (ds.driver as PostgresDriver).master as { connect(): Promise<PooledClient> };
  const client = await pool.connect();
  const key = `singleton:${name}`;
  let broken: unknown;
  // A checked-out pg client has no error listener of the pool's: the connection terminated while
  // `work` runs (PostgreSQL restarting, 57P01) would be an unhandled 'error' event and end the
  // process. Noted instead; the connection is destroyed on release, which frees the lock anyway.
  const onError = (err: Error): void => {
    broken = err;
  };
  client.on('error', onError);
  try {
    const { rows } = await client
      .query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS got', [key])
      .catch((e: unknown) => {
        broken = e; // a connection in doubt is not pooled again
        throw e;
      });
    if (!rows[0]?.got) return { ran: false };
    try {
      return { ran: true, value: await work() };
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch((e: unknown) => {
        broken = e ?? new Error('unlock failed');
      });
    }
  } finally {
    // A connection that could not unlock is destroyed, not pooled: closing it frees the lock.
    client.removeListener('error', onError);
    client.release(broken);
  }
}
