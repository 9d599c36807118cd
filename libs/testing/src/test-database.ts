import { Client } from 'pg';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Tests only ever touch databases whose name says so. */
export function assertTestDatabaseName(name: string): void {
  if (!/test/i.test(name)) throw new Error(`Refusing to use database "${name}": its name does not say "test".`);
}

async function admin<T>(adminUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates a fresh database for one run; returns its URL. */
export async function createTestDatabase(adminUrl: string, name: string): Promise<string> {
  assertTestDatabaseName(name);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Invalid test database name "${name}"`);
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  return withDatabase(adminUrl, name);
}

export async function dropTestDatabase(adminUrl: string, name: string): Promise<void> {
  assertTestDatabaseName(name);
  await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
