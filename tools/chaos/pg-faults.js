// Database faults, confined to the run's own database (never the server, never another database):
// every connection of the apps to it terminated (pg_terminate_backend), and the database closed to
// new connections for a few seconds (ALLOW_CONNECTIONS false, then its connections terminated) as
// if PostgreSQL were down. The checks' own connection ('sms-chaos-checks') is spared.
'use strict';
const { Client } = require('pg');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const SPARED = 'sms-chaos-checks';

class PgFaults {
  /** @param {{ adminUrl: string, database: string }} o  adminUrl: any other database on the server */
  constructor({ adminUrl, database }) {
    if (!/^sms_chaos_test_[0-9a-z_]+$/.test(database)) throw new Error(`refusing to fault database ${database}`);
    Object.assign(this, { adminUrl, database });
  }

  async admin(work) {
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
  terminate(client) {
    return client
      .query(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name <> $2`,
        [this.database, SPARED],
      )
      .then((r) => r.rows[0].n);
  }

  async killConnections() {
    return this.admin((c) => this.terminate(c));
  }

  /** Refuses new connections for `downMs`, dropping the current ones; always opens again. */
  async refuse(downMs) {
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
  async reopen() {
    await this.admin((c) => c.query(`ALTER DATABASE "${this.database}" WITH ALLOW_CONNECTIONS true`)).catch(
      () => undefined,
    );
  }
}

module.exports = { PgFaults };
