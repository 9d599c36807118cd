// Shared set-up for the *.int-spec.ts files: a throw-away database, a random NATS prefix,
// the events stream; everything is removed again in teardown().
import { natsAuthOptions } from '@sms/nats-auth';
import { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ensureEventsStream } from './ensure-events-stream';
import { EventEnvelope, eventsStreamName, parseEnvelope } from './event-envelope';
import { createOutboxTablesV1 } from './outbox-tables.v1';
import { connectWhenReachable } from '@sms/nats';

export const SCHEMA = 'evtest';

export interface Harness {
  ds: DataSource;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  databaseUrl: string;
  /** This file's transport prefix (random): subjects, stream and durable names derive from it. */
  natsPrefix: string;
  openDataSource(): Promise<DataSource>;
  teardown(): Promise<void>;
}

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

export async function setUpHarness(): Promise<Harness> {
  const token = randomBytes(4).toString('hex');
  const natsPrefix = `t${token}.`;
  const dbName = `events_test_${token}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();

  const dataSources: DataSource[] = [];
  const openDataSource = async (): Promise<DataSource> => {
    const ds = new DataSource({ type: 'postgres', url: databaseUrl, schema: SCHEMA, extra: { max: 5 } });
    await ds.initialize();
    dataSources.push(ds);
    return ds;
  };
  const ds = await openDataSource();
  const runner = ds.createQueryRunner();
  await runner.query(`CREATE SCHEMA ${SCHEMA}`);
  await createOutboxTablesV1(runner, SCHEMA);
  // What every service's outbox-traceparent migration adds.
  await runner.query(`ALTER TABLE ${SCHEMA}.outbox ADD COLUMN traceparent text`);
  await runner.query(`CREATE TABLE ${SCHEMA}.effects (id serial PRIMARY KEY, event_id uuid NOT NULL, note text)`);
  await runner.release();

  const nc = await connectWhenReachable({ servers: natsUrl, ...natsAuthOptions() });
  const jsm = await nc.jetstreamManager();
  await ensureEventsStream(jsm, { natsPrefix });

  return {
    ds,
    nc,
    js: nc.jetstream(),
    jsm,
    databaseUrl,
    natsPrefix,
    openDataSource,
    async teardown() {
      await jsm.streams.delete(eventsStreamName(natsPrefix)).catch(() => undefined);
      await nc.drain();
      for (const d of dataSources) if (d.isInitialized) await d.destroy();
      const a = new Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Every envelope currently in the stream under `subject`, read with an ephemeral ordered consumer. */
export async function readStream(h: Harness, subject: string): Promise<EventEnvelope[]> {
  const consumer = await h.js.consumers.get(eventsStreamName(h.natsPrefix), { filterSubjects: subject });
  const batch = await consumer.fetch({ max_messages: 10_000, expires: 1000 });
  const out: EventEnvelope[] = [];
  for await (const m of batch) {
    out.push(parseEnvelope(m.data));
    if (m.info.pending === 0) break;
  }
  return out;
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function countRows(ds: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = (await ds.query(`SELECT count(*)::int AS n FROM ${sql}`, params)) as { n: number }[];
  return row.n;
}
