import { randomBytes } from 'node:crypto';

export interface TestInfra {
  /** Server-level URL (any database) from which per-run databases are created. */
  adminDatabaseUrl: string;
  natsUrl: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL and NATS for a test run: TEST_DATABASE_URL / NATS_URL when set (CI, this
 * machine), otherwise throwaway containers from testcontainers.
 */
export async function resolveTestInfra(): Promise<TestInfra> {
  const stops: (() => Promise<unknown>)[] = [];
  let adminDatabaseUrl = process.env.TEST_DATABASE_URL;
  let natsUrl = process.env.NATS_URL;
  if (!adminDatabaseUrl) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const pg = await new PostgreSqlContainer('postgres:16-alpine').withDatabase('test').start();
    adminDatabaseUrl = pg.getConnectionUri();
    stops.push(() => pg.stop());
  }
  if (!natsUrl) {
    const { GenericContainer, Wait } = await import('testcontainers');
    const nats = await new GenericContainer('nats:2.10')
      .withCommand(['-js'])
      .withExposedPorts(4222)
      .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
      .start();
    natsUrl = `nats://${nats.getHost()}:${nats.getMappedPort(4222)}`;
    stops.push(() => nats.stop());
  }
  return {
    adminDatabaseUrl,
    natsUrl,
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  };
}

/** A token unique to this run, used in database names and the NATS prefix. */
export function runToken(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}
