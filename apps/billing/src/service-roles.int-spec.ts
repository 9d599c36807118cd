import { openServiceDataSource } from '@sms/database';
import { createTestDatabase, dropTestDatabase, REPO_ROOT, runToken } from '@sms/testing';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { Client } from 'pg';
import { BILLING_MIGRATIONS } from './billing.module';

// The roles docker-compose creates (tools/db/init-service-roles.sh), made the same way here on a
// database of this test's own; role names carry a prefix because roles are cluster-wide.
describe('one database role per service, limited to its own schema', () => {
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const token = runToken();
  const database = `sms_roles_test_${token}`;
  const prefix = `t${token}_`;
  const services = ['identity', 'wallet', 'messaging', 'reporting', 'billing', 'notifications'];
  const password = (s: string) => `pw-${s}-${token}`;
  let dbUrl: string;
  const urlAs = (service: string) => {
    const u = new URL(dbUrl);
    u.username = prefix + service;
    u.password = password(service);
    return u.toString();
  };
  const as = async <T>(service: string, fn: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ connectionString: urlAs(service) });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    dbUrl = await createTestDatabase(adminUrl, database);
    const admin = new URL(dbUrl);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PGHOST: admin.hostname,
      PGPORT: admin.port || '5432',
      PGPASSWORD: decodeURIComponent(admin.password),
      POSTGRES_USER: decodeURIComponent(admin.username) || 'postgres',
      POSTGRES_DB: database,
      ROLE_PREFIX: prefix,
    };
    for (const s of services) env[`${s.toUpperCase()}_DB_PASSWORD`] = password(s);
    const script = path.join(REPO_ROOT, 'tools/db/init-service-roles.sh');
    execFileSync('sh', [script], { env, stdio: 'pipe' });
    // Run twice: the bootstrap is safe to repeat.
    execFileSync('sh', [script], { env, stdio: 'pipe' });
  });

  afterAll(async () => {
    await dropTestDatabase(adminUrl, database);
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    for (const s of services) await admin.query(`DROP ROLE IF EXISTS "${prefix}${s}"`);
    await admin.end();
  });

  it('runs billing migrations as the billing role, which owns what they create', async () => {
    const ds = await openServiceDataSource({
      url: urlAs('billing'),
      schema: 'billing',
      entities: [],
      migrations: BILLING_MIGRATIONS,
      refuseSuperuser: true, // as with NODE_ENV=production: billing's role is none
    });
    await ds.destroy();
    const owners = await as('billing', (c) =>
      c.query(`SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'billing'`),
    );
    expect(owners.rows).toEqual([{ tableowner: `${prefix}billing` }]);
  });

  it('refuses, as with NODE_ENV=production, to start a service connected as a superuser', async () => {
    await expect(
      openServiceDataSource({
        url: dbUrl,
        schema: 'billing',
        entities: [],
        migrations: BILLING_MIGRATIONS,
        refuseSuperuser: true,
      }),
    ).rejects.toThrow(/DATABASE_URL connects billing as .*, a superuser; refusing to start with NODE_ENV=production/);
  });

  it("refuses a service's role another service's schema, and the public schema", async () => {
    await as('identity', async (c) => {
      await c.query('CREATE TABLE identity.users (email text)');
      await c.query(`INSERT INTO identity.users VALUES ('anna@example.com')`);
    });
    const denied = async (sql: string) =>
      as('billing', (c) =>
        c.query(sql).then(
          () => 'allowed',
          (e: { code?: string }) => e.code,
        ),
      );
    await expect(denied('SELECT * FROM identity.users')).resolves.toBe('42501');
    await expect(denied('CREATE TABLE identity.stolen (x int)')).resolves.toBe('42501');
    await expect(denied('CREATE TABLE public.anything (x int)')).resolves.toBe('42501');
    await expect(denied('ALTER SCHEMA wallet OWNER TO CURRENT_USER')).resolves.toBe('42501');
    // The owner itself reads its own.
    await expect(
      as('identity', (c) => c.query('SELECT count(*)::int AS n FROM identity.users')),
    ).resolves.toMatchObject({
      rows: [{ n: 1 }],
    });
  });
});
