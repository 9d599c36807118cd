// Read-only access to the chaos database for the quiet detector and the checks.
'use strict';
const { Client } = require('pg');

class Db {
  constructor(url) {
    this.url = url;
    this.client = null;
  }

  async connect() {
    this.client = new Client({ connectionString: this.url, application_name: 'sms-chaos-checks' });
    this.client.on('error', () => undefined);
    await this.client.connect();
  }

  async rows(sql, params = []) {
    return (await this.client.query(sql, params)).rows;
  }

  async one(sql, params = []) {
    return (await this.rows(sql, params))[0];
  }

  /** Does `schema.table` exist (the service that owns it may not be built yet)? */
  async hasTable(schema, table) {
    const row = await this.one(`SELECT to_regclass($1) IS NOT NULL AS ok`, [`${schema}.${table}`]);
    return row.ok;
  }

  async close() {
    if (this.client) await this.client.end().catch(() => undefined);
    this.client = null;
  }
}

module.exports = { Db };
