// Database faults, confined to the run's own database (never the server, never another database):
// every connection of the apps to it terminated (pg_terminate_backend), and the database closed to
// new connections for a few seconds (ALLOW_CONNECTIONS false, then its connections terminated) as
// if PostgreSQL were down. The checks' own connection ('sms-chaos-checks') is spared.
import { Client } from 'pg';
import { sleep } from './types';

const SPARED = 'sms-chaos-checks';

export class PgFaults {
  readonly adminUrl: string;
  readonly database: string;

  /** adminUrl: any other database on the server. */
  constructor({ adminUrl, database }: { adminUrl: string; database: string }) {
    if (!/^sms_chaos_test_[0-9a-z_]+$/.test(database)) throw new Error(`refusing to fault database ${database}`);
    this.adminUrl = adminUrl;
    this.database = database;
  }

  async admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.adminUrl, application_name: 'sms-chaos-faults' });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Terminates the apps' connections to the run's database; resolves how many. */
  async terminate(client: Client): Promise<number> {
    const r = await client.query<{ n: number }>(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name <> $2`,
      [this.database, SPARED],
    );
    return r.rows[0].n;
  }

  async killConnections(): Promise<number> {
    return this.admin((c) => this.terminate(c));
  }

  /** Refuses new connections for `downMs`, dropping the current ones; always opens again. */
  async refuse(downMs: number): Promise<number> {
    return this.admin(async (c) => {
      const db = `"${this.database}"`;
      await c.query(`ALTER DATABASE ${db} WITH ALLOW_CONNECTIONS false`);
      try {
        const n = await this.terminate(c);
        await sleep(downMs);
        return n;
      } finally {
        await c.query(`ALTER DATABASE ${db} WITH ALLOW_CONNECTIONS true`);
      }
    });
  }

  /** Clean-up after an interrupted run: the database must accept connections again (to be dropped). */
  async reopen(): Promise<void> {
    await this.admin((c) => c.query(`ALTER DATABASE "${this.database}" WITH ALLOW_CONNECTIONS true`)).catch(
      () => undefined,
    );
  }
}
