// The start-up every messaging int-spec repeated: its own database when it needs one, fake wallet
// and identity responders on the file's NATS prefix, the messaging module (in process) on a
// validated env, an RpcClient, and the teardown (events stream, database) in one close().
import { INestMicroservice } from '@nestjs/common';
import { loadEnv } from '@sms/config';
import { Actor, HealthPong, healthPing, MessagingRpc, SendSmsCommand, SendSmsResult } from '@sms/contracts';
import { eventsStreamName } from '@sms/events';
import { createServiceApp, RpcClient, connectWhenReachable } from '@sms/nats';
import { natsAuthOptions } from '@sms/nats-auth';
import { testNatsPrefix } from '@sms/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MessagingEnv } from '../messaging-env';
import { MessagingModule } from '../messaging.module';
import { FakeResponder, FakeWallet, installFakeIdentity } from './fake-services';

/** Fast polls and quiet logs: what every int-spec of messaging wants unless it says otherwise. */
export const MESSAGING_TEST_ENV: Readonly<Record<string, string>> = {
  DISPATCH_POLL_MS: '50',
  SETTLEMENT_POLL_MS: '50',
  NATS_REQUEST_TIMEOUT_MS: '2000',
  LOG_LEVEL: 'warn',
};

export interface OwnDatabase {
  url: string;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const c = new Client({ connectionString: process.env.DATABASE_URL! });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * A database of the spec file's own, `<run database>_<suffix>`: a dispatcher claims every due row
 * of its schema, so two files running messaging must not share one.
 */
export async function createOwnDatabase(suffix: string): Promise<OwnDatabase> {
  const runUrl = new URL(process.env.DATABASE_URL!);
  const name = `${runUrl.pathname.slice(1)}_${suffix}`;
  if (!/test/i.test(name)) throw new Error(`refusing database ${name}`);
  await adminQuery(`CREATE DATABASE "${name}"`);
  runUrl.pathname = `/${name}`;
  return { url: runUrl.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** What messaging talks to, faked on the file's NATS prefix, and a client to call it. */
export interface MessagingPeers {
  fakes: FakeResponder;
  wallet: FakeWallet;
  rpc: RpcClient;
  send(actor: Actor, sms: object, idempotency?: object): Promise<SendSmsResult>;
  ping(): Promise<HealthPong>;
  /** Closes the client and the fakes, deletes the file's events stream. */
  close(): Promise<void>;
}

export async function startMessagingPeers(
  name: string,
  senders = new Map<string, string | null>(),
  sharedNumber?: string,
): Promise<MessagingPeers> {
  const natsUrl = process.env.NATS_URL!;
  const fakes = await FakeResponder.connect(natsUrl);
  const wallet = new FakeWallet();
  wallet.install(fakes);
  installFakeIdentity(fakes, senders, sharedNumber);
  const rpc = new RpcClient({ prefix: testNatsPrefix(), natsUrl, timeoutMs: 10_000, name });
  await rpc.connect();
  return {
    fakes,
    wallet,
    rpc,
    send: (actor, sms, idempotency) => rpc.send(MessagingRpc.send, { actor, sms, idempotency } as SendSmsCommand),
    ping: () => rpc.send(healthPing('messaging'), {}),
    close: async () => {
      await rpc.close();
      await fakes.close();
      const nc = await connectWhenReachable({ servers: natsUrl, ...natsAuthOptions() });
      await (await nc.jetstreamManager()).streams.delete(eventsStreamName(testNatsPrefix())).catch(() => undefined);
      await nc.close();
    },
  };
}

export interface MessagingUnderTest extends MessagingPeers {
  app: INestMicroservice;
  ds: DataSource;
}

/**
 * Messaging in this process with its peers faked. `ownDatabase` names the suffix of a database of
 * its own (dropped by close()); without it the run's database is used. `configure` may replace
 * providers' behaviour (e.g. wrap the carrier) before the app listens.
 */
export async function startMessagingUnderTest(opts: {
  name: string;
  env?: Record<string, string>;
  ownDatabase?: string;
  senders?: Map<string, string | null>;
  configure?: (app: INestMicroservice) => void;
}): Promise<MessagingUnderTest> {
  const db = opts.ownDatabase ? await createOwnDatabase(opts.ownDatabase) : undefined;
  const peers = await startMessagingPeers(opts.name, opts.senders, opts.env?.SHARED_NUMBER);
  const env = loadEnv(MessagingEnv, {
    ...process.env,
    ...MESSAGING_TEST_ENV,
    ...(db ? { DATABASE_URL: db.url } : {}),
    ...opts.env,
  });
  const app = await createServiceApp({
    natsPrefix: testNatsPrefix(),
    service: 'messaging',
    module: MessagingModule.register(env),
    natsUrl: process.env.NATS_URL!,
    logLevel: 'warn',
  });
  opts.configure?.(app);
  await app.listen();
  return {
    ...peers,
    app,
    ds: app.get(DataSource),
    close: async () => {
      await app.close();
      await peers.close();
      await db?.drop();
    },
  };
}
