import type { StackCredentials } from './nats-auth-shapes';
import { randomBytes } from 'node:crypto';
import { AuthNatsState, loadNatsAuth, startAuthNats } from './auth-nats';

export interface TestInfra {
  /** Server-level URL (any database) from which per-run databases are created. */
  adminDatabaseUrl: string;
  natsUrl: string;
  /** The NATS users (one per app, plus the harness) and the actor-assertion keys of the run. */
  natsCreds: StackCredentials;
  stop(): Promise<void>;
}

/** Where a run's authenticated NATS is described for its workers and own stacks. */
const AUTH_NATS_VAR = 'TEST_NATS_AUTH';

/**
 * PostgreSQL and NATS for a test run. PostgreSQL: TEST_DATABASE_URL when set (CI, this machine),
 * otherwise a throwaway container. NATS: always an authenticated server of the run's own
 * (auth-nats.ts: nkey users with the apps' permissions, one per run); a run's workers and own
 * stacks reuse the one their global setup started (env TEST_NATS_AUTH) instead of starting more.
 */
export async function resolveTestInfra(): Promise<TestInfra> {
  const stops: (() => Promise<unknown>)[] = [];
  let adminDatabaseUrl = process.env.TEST_DATABASE_URL;
  let nats: AuthNatsState;
  if (!adminDatabaseUrl) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const pg = await new PostgreSqlContainer('postgres:16-alpine').withDatabase('test').start();
    adminDatabaseUrl = pg.getConnectionUri();
    stops.push(() => pg.stop());
  }
  const shared = process.env[AUTH_NATS_VAR];
  if (shared) {
    nats = JSON.parse(shared) as AuthNatsState;
  } else {
    const started = await startAuthNats();
    nats = { url: started.url, creds: started.creds };
    stops.push(() => started.stop());
  }
  return {
    adminDatabaseUrl,
    natsUrl: nats.url,
    natsCreds: nats.creds,
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  };
}

/** A token unique to this run, used in database names and the NATS prefix. */
export function runToken(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/**
 * Makes `infra`'s NATS the one of this process and of every worker and own stack started after:
 * the harness connects as the superuser `harness` and signs as the gateway would.
 */
export function adoptTestNats(infra: TestInfra): void {
  process.env[AUTH_NATS_VAR] = JSON.stringify({ url: infra.natsUrl, creds: infra.natsCreds });
  process.env.NATS_URL = infra.natsUrl;
  Object.assign(process.env, harnessEnv(infra.natsCreds));
}

/** The harness's own NATS user and the actor-assertion keys (appNatsEnv: an app's). */
export function harnessEnv(creds: StackCredentials): Record<string, string> {
  return loadNatsAuth().harnessCredentialsEnv(creds);
}

/** An app's own variables: its NATS user and inbox, the public key, the signing key for the gateway only. */
export function appNatsEnv(creds: StackCredentials, app: string): Record<string, string> {
  return loadNatsAuth().appCredentialsEnv(creds, app);
}
