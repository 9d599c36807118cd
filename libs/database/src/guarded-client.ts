import { Client, ClientConfig } from 'pg';

/**
 * pg's Client with an 'error' listener of its own for its whole life, given to the pool
 * (`extra.Client`). A pooled connection is listened to by the pool while idle and by TypeORM's
 * query runner while checked out, but not in every instant between (TypeORM's own start-up
 * queries, a runner that already released it after a first error): PostgreSQL terminating the
 * connection then (57P01, a restart or `pg_terminate_backend`) was an unhandled 'error' event that
 * ended the process. With this listener it is only the error it already is for whoever uses the
 * connection: the query in flight fails, the pool drops the client.
 */
export class GuardedClient extends Client {
  /** How many errors reached this client with no other listener (visible to tests). */
  strayErrors = 0;

  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', () => {
      if (this.listenerCount('error') === 1) this.strayErrors++;
    });
  }
}
