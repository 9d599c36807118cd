// Read-only access to the chaos database for the quiet detector and the checks.
import { Client, QueryResultRow } from 'pg';

export class Db {
  private client: Client | null = null;

  constructor(readonly url: string) {}

  async connect(): Promise<void> {
    this.client = new Client({ connectionString: this.url, application_name: 'sms-chaos-checks' });
    this.client.on('error', () => undefined);
    await this.client.connect();
  }

  /** The rows of `sql`, typed as the caller knows them to be. */
  async rows<T extends QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    if (!this.client) throw new Error('Db: not connected');
    return (await this.client.query<T>(sql, params)).rows;
  }

  /** The first row of `sql` (a query that always returns one, such as a count). */
  async one<T extends QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
    const [row] = await this.rows<T>(sql, params);
    if (row === undefined) throw new Error(`Db.one: no row from ${sql.slice(0, 80)}`);
    return row;
  }

  /** Does `schema.table` exist (the service that owns it may not be built yet)? */
  async hasTable(schema: string, table: string): Promise<boolean> {
    const row = await this.one<{ ok: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS ok`, [`${schema}.${table}`]);
    return row.ok;
  }

  async close(): Promise<void> {
    if (this.client) await this.client.end().catch(() => undefined);
    this.client = null;
  }
}
