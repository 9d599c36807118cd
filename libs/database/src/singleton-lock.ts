import { DataSource } from 'typeorm';

/** What a pass under the system-wide lock did: `ran: false` when another process held the lock. */
export type LockedPass<T> = { ran: true; value: T } | { ran: false };

/**
 * Runs `work` only while this process holds the advisory lock named `name`, so that of several
 * replicas of a service one at a time does a pass of once-per-system work (a sweep, a settlement
 * round). A replica that asks meanwhile gets `{ ran: false }` at once and tries again on its next
 * tick: nobody waits, and a replica that dies frees the lock with its connection.
 *
 * The lock is transaction-scoped (`pg_try_advisory_xact_lock`) and lives in an otherwise empty
 * transaction on a query runner of its own; `work` uses the pool as usual. Ending that transaction
 * frees the lock whatever happened (rollback, failed commit, connection lost), so no unlock can be
 * forgotten and no connection goes back to the pool still holding it; all through TypeORM's query
 * runner, whose connection error listener also keeps a connection terminated mid-pass (PostgreSQL
 * restarting, 57P01) from becoming an unhandled 'error' event. Work done under it must still be
 * idempotent: a connection cut mid-pass frees the lock while `work` may still be finishing.
 */
export async function withSingletonLock<T>(
  ds: DataSource,
  name: string,
  work: () => Promise<T>,
): Promise<LockedPass<T>> {
  const runner = ds.createQueryRunner('master');
  try {
    await runner.startTransaction();
    const rows: { got?: boolean }[] = await runner.query(
      'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS got',
      [`singleton:${name}`],
    );
    if (!rows[0]?.got) return { ran: false };
    return { ran: true, value: await work() };
  } finally {
    // Nothing was written on this connection: rolling back only ends the transaction and its lock.
    // A connection already gone (released by TypeORM on its error) has nothing left to end.
    if (runner.isTransactionActive && !runner.isReleased) await runner.rollbackTransaction().catch(() => undefined);
    await runner.release().catch(() => undefined);
  }
}
