import { natsServers } from '@sms/config';
import { natsAuthOptions } from '@sms/nats-auth';
import { Client } from 'pg';
import { eventsStreamName } from './event-envelope';
import { connectWhenReachable } from '@sms/nats';

export interface SettleOptions {
  databaseUrl: string;
  natsUrl: string;
  /** The NATS prefix the services run with (their events stream is named after it). */
  natsPrefix: string;
  /** Only these schemas' outboxes (an int-spec shares the run's database with other files). */
  schemas?: string[];
  timeoutMs?: number;
}

/**
 * Waits until the system has nothing left to do with the events it produced: no outbox row of
 * any schema unpublished, and every durable consumer of the events stream with nothing pending
 * or unacked (a consumer acks after its transaction committed). Checked twice in a row, since
 * handling an event can write new outbox rows. The positive signal tests wait for before a
 * "nothing changed" check, instead of a fixed sleep.
 */
export async function waitForSettled(opts: SettleOptions): Promise<void> {
  const stream = eventsStreamName(opts.natsPrefix);
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  const pg = new Client({ connectionString: opts.databaseUrl });
  await pg.connect();
  const nc = await connectWhenReachable({ servers: natsServers(opts.natsUrl), ...natsAuthOptions() });
  try {
    const jsm = await nc.jetstreamManager();
    const { rows: tables } = await pg.query<{ schema: string }>(
      `SELECT table_schema AS schema FROM information_schema.tables
       WHERE table_name = 'outbox' AND ($1::text[] IS NULL OR table_schema = ANY($1::text[]))`,
      [opts.schemas ?? null],
    );
    let quietChecks = 0;
    let last = '';
    while (quietChecks < 2) {
      if (Date.now() > deadline) throw new Error(`the system did not settle: ${last}`);
      const busy: string[] = [];
      for (const { schema } of tables) {
        const { rows } = await pg.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "${schema}".outbox WHERE published_at IS NULL`,
        );
        if (rows[0].n > 0) busy.push(`${schema}.outbox: ${rows[0].n} unpublished`);
      }
      for await (const c of jsm.consumers.list(stream)) {
        if (c.num_pending > 0 || c.num_ack_pending > 0)
          busy.push(`${c.name}: ${c.num_pending} pending, ${c.num_ack_pending} unacked`);
      }
      last = busy.join('; ');
      quietChecks = busy.length === 0 ? quietChecks + 1 : 0;
      if (quietChecks < 2) await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await pg.end();
    await nc.drain();
  }
}
