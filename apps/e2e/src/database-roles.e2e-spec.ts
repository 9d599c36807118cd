import { signUpAndLogIn } from '@sms/testing';
import { Client } from 'pg';
import { e2eHttp, e2eState } from './support/e2e-state';

// Issue 18 item 8 on the running stack: every service connects as its own role
// (tools/db/service-roles.ts, the bootstrap of npm start, the tiers, the chaos run and the
// benchmarks), owner of its own schema and of nothing else. A compromised service's connection
// string reaches no other service's data.
describe("each service's database role reaches its own schema only", () => {
  const state = e2eState();

  async function as<T>(service: string, fn: (c: Client) => Promise<T>): Promise<T> {
    const c = new Client({ connectionString: state.serviceDatabaseUrls[service] });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }

  /** The SQLSTATE a statement fails with, or 'allowed'. */
  const outcome = (service: string, sql: string): Promise<string | undefined> =>
    as(service, (c) =>
      c.query(sql).then(
        () => 'allowed',
        (e: { code?: string }) => e.code,
      ),
    );

  beforeAll(async () => {
    // A user in identity's schema (wallet's tables exist from its migrations; wallets are made on purchase).
    await signUpAndLogIn(e2eHttp());
  });

  it('runs every service process as its own role, none a superuser', async () => {
    const admin = new Client({ connectionString: state.databaseUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ usename: string; app: string; rolsuper: boolean }>(
        `SELECT DISTINCT a.usename, a.application_name AS app, r.rolsuper
           FROM pg_stat_activity a JOIN pg_roles r ON r.rolname = a.usename
          WHERE a.datname = current_database() AND a.application_name LIKE 'sms-%'`,
      );
      for (const service of Object.keys(state.roles)) {
        const own = rows.filter((r) => r.app === `sms-${service}`);
        expect({ service, users: [...new Set(own.map((r) => r.usename))] }).toEqual({
          service,
          users: [state.roles[service]],
        });
      }
      expect(rows.filter((r) => r.rolsuper)).toEqual([]);
      expect(rows.every((r) => Object.values(state.roles).includes(r.usename))).toBe(true);
    } finally {
      await admin.end();
    }
  });

  it("refuses wallet's connection identity's schema, any schema but its own, and every superuser power", async () => {
    await expect(outcome('wallet', 'SELECT email FROM identity.users')).resolves.toBe('42501');
    await expect(outcome('wallet', 'SELECT * FROM identity.refresh_tokens')).resolves.toBe('42501');
    await expect(outcome('wallet', 'CREATE TABLE identity.stolen (x int)')).resolves.toBe('42501');
    await expect(outcome('wallet', 'CREATE TABLE public.stolen (x int)')).resolves.toBe('42501');
    await expect(outcome('wallet', 'CREATE SCHEMA stolen')).resolves.toBe('42501');
    await expect(outcome('wallet', 'CREATE TEMP TABLE stolen (x int)')).resolves.toBe('42501');
    await expect(outcome('wallet', `ALTER SCHEMA identity OWNER TO CURRENT_USER`)).resolves.toBe('42501');
    await expect(outcome('wallet', 'SELECT rolpassword FROM pg_authid')).resolves.toBe('42501');
    await expect(outcome('wallet', 'ALTER ROLE CURRENT_USER SUPERUSER')).resolves.toBe('42501');
    await expect(outcome('wallet', `SET ROLE ${state.roles.identity}`)).resolves.toBe('42501');
    const me = await as('wallet', (c) =>
      c.query<{ rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean; su: string }>(
        `SELECT rolsuper, rolcreaterole, rolcreatedb, current_setting('is_superuser') AS su
           FROM pg_roles WHERE rolname = current_user`,
      ),
    );
    expect(me.rows).toEqual([{ rolsuper: false, rolcreaterole: false, rolcreatedb: false, su: 'off' }]);
    // Positive control: its own ledger is readable and writable to it.
    await expect(outcome('wallet', 'SELECT count(*) FROM wallet.wallets')).resolves.toBe('allowed');
    await expect(outcome('wallet', 'SELECT count(*) FROM wallet.entries')).resolves.toBe('allowed');
    await expect(outcome('wallet', 'CREATE TABLE wallet.scratch_roles_test (x int)')).resolves.toBe('allowed');
    await expect(outcome('wallet', 'DROP TABLE wallet.scratch_roles_test')).resolves.toBe('allowed');
  });

  it("refuses identity's connection wallet's ledger", async () => {
    await expect(outcome('identity', 'SELECT * FROM wallet.entries')).resolves.toBe('42501');
    await expect(outcome('identity', 'SELECT * FROM wallet.wallets')).resolves.toBe('42501');
    await expect(outcome('identity', 'UPDATE wallet.wallets SET balance = balance + 1000')).resolves.toBe('42501');
    const own = await as('identity', (c) => c.query<{ n: number }>('SELECT count(*)::int AS n FROM identity.users'));
    expect(own.rows[0].n).toBeGreaterThan(0);
  });
});
