import { Logger, LoggerService } from '@nestjs/common';
import { TRACEPARENT_HEADER } from '@sms/tracing';
import { headers, JetStreamClient } from 'nats';
import { DataSource } from 'typeorm';
import { ensureEventsStream } from './ensure-events-stream';
import { BackgroundLoop } from './background-loop';
import { acquireConnection, errorMessage, NatsSource, OwnedConnection, retryWhileBrokerDown } from './nats-connection';
import { purgePublishedOutbox } from './outbox';
import { quoteSchema } from './schema-name';
import { outboxBacklog, outboxRelayLag } from '@sms/metrics';

/** How often the relay samples its backlog for the metrics. */
const BACKLOG_SAMPLE_MS = 5000;

export interface OutboxRelayOptions {
  dataSource: DataSource;
  schema: string;
  nats: NatsSource;
  /** Transport prefix (the service's NATS_PREFIX): names the events stream it ensures. */
  natsPrefix: string;
  logger?: LoggerService;
  batchSize?: number;
  /** Fallback polling when nobody calls notify() (other replicas, crashes before notify). */
  pollIntervalMs?: number;
  publishTimeoutMs?: number;
  maxBackoffMs?: number;
  /** Create/update the events stream on start(); off when the caller already did. */
  ensureStream?: boolean;
  /** When set, published rows older than this are deleted about once an hour. */
  retainPublishedDays?: number;
}

interface OutboxRow {
  id: string;
  subject: string;
  /** The envelope's JSON as stored (read as text: published as is, never parsed and re-serialised). */
  payload: string;
  traceparent: string | null;
}

const encoder = new TextEncoder();

/** The event's traceparent as a message header, so its consumers continue the trace. */
function traceHeaders(traceparent: string | null): ReturnType<typeof headers> | undefined {
  if (!traceparent) return undefined;
  const h = headers();
  h.set(TRACEPARENT_HEADER, traceparent);
  return h;
}

/**
 * Moves committed outbox rows to JetStream (with the row's traceparent as a header). A row is marked published only after its
 * PubAck, so a crash re-publishes at worst; JetStream drops those repeats by Nats-Msg-Id
 * (the event id) within the stream's duplicate window. Row locks (SKIP LOCKED) let every
 * replica run a relay without two of them publishing the same row at once.
 */
export class OutboxRelay {
  private readonly logger: LoggerService;
  private conn?: OwnedConnection;
  private js?: JetStreamClient;
  private readonly loop: BackgroundLoop;
  private lastPurge = 0;
  private lastSample = 0;

  constructor(private readonly opts: OutboxRelayOptions) {
    quoteSchema(opts.schema);
    this.logger = opts.logger ?? new Logger('OutboxRelay');
    this.loop = new BackgroundLoop(() => this.pass(), {
      name: 'outbox relay',
      intervalMs: opts.pollIntervalMs ?? 200,
      backoffMs: (failures) => Math.min(opts.maxBackoffMs ?? 30_000, 250 * 2 ** Math.min(failures - 1, 10)),
      // Only stop() cuts a backoff short: notify() during an outage must not hammer NATS.
      wakeCutsBackoff: false,
      logger: this.logger,
    });
  }

  async start(): Promise<void> {
    if (this.loop.isRunning) return;
    this.conn = await acquireConnection(this.opts.nats, `outbox-relay-${this.opts.schema}`);
    const nc = this.conn.nc;
    if (this.opts.ensureStream !== false)
      await retryWhileBrokerDown(
        'events stream',
        () => ensureEventsStream(nc, { natsPrefix: this.opts.natsPrefix }),
        this.logger,
      );
    this.js = this.conn.nc.jetstream();
    this.loop.start();
  }

  /**
   * Finishes the batch in flight, then publishes what is already committed (one attempt: a
   * failure leaves the rows for the next start) and returns. Called after the service stopped
   * taking requests, so the events of the requests it answered go out before it exits.
   */
  async stop(): Promise<void> {
    if (!this.loop.isRunning) return;
    await this.loop.stop();
    await this.publishCommitted();
    await this.conn?.release();
    this.conn = undefined;
    this.js = undefined;
  }

  /** Call after committing a transaction that appended events: publishes without waiting for the poll. */
  notify(): void {
    this.loop.wake();
  }

  /**
   * Publishes one batch of the oldest unpublished rows; returns how many were published.
   * Throws (after committing what was acked) when a publish failed.
   */
  async runOnce(): Promise<number> {
    if (!this.js) throw new Error('OutboxRelay is not started');
    const js = this.js;
    const table = `${quoteSchema(this.opts.schema)}.outbox`;
    let failure: unknown;
    const published = await this.opts.dataSource.transaction(async (em) => {
      const rows = (await em.query(
        `SELECT id, subject, payload::text AS payload, traceparent FROM ${table} WHERE published_at IS NULL
         ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.opts.batchSize ?? 200],
      )) as OutboxRow[];
      if (rows.length === 0) return 0;
      // Issued in order on one connection, so the stream keeps created_at order; acks are awaited together.
      const results = await Promise.allSettled(
        rows.map((row) =>
          js.publish(row.subject, encoder.encode(row.payload), {
            msgID: row.id,
            timeout: this.opts.publishTimeoutMs ?? 5000,
            headers: traceHeaders(row.traceparent),
          }),
        ),
      );
      const acked = rows.filter((_, i) => results[i].status === 'fulfilled').map((r) => r.id);
      failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason;
      if (acked.length > 0)
        await em.query(`UPDATE ${table} SET published_at = now() WHERE id = ANY($1::uuid[])`, [acked]);
      return acked.length;
    });
    if (failure !== undefined) throw failure;
    return published;
  }

  /** One pass of the loop: true when a full batch went out (more are likely waiting). */
  private async pass(): Promise<boolean> {
    await this.maybeSampleBacklog();
    const published = await this.runOnce();
    await this.maybePurge();
    return published >= (this.opts.batchSize ?? 200);
  }

  private async publishCommitted(): Promise<void> {
    try {
      while ((await this.runOnce()) >= (this.opts.batchSize ?? 200));
    } catch (err) {
      this.logger.warn({ msg: 'outbox rows left for the next start', error: errorMessage(err) }, 'OutboxRelay');
    }
  }

  /**
   * outbox_backlog and outbox_relay_lag_seconds, at most every 5 s: one count over the partial
   * index of unpublished rows. Sampled in failing passes too, so an outage shows as a growing lag.
   */
  private async maybeSampleBacklog(): Promise<void> {
    if (Date.now() - this.lastSample < BACKLOG_SAMPLE_MS) return;
    this.lastSample = Date.now();
    try {
      const [row] = (await this.opts.dataSource.query(
        `SELECT count(*)::int AS backlog,
                COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS lag
         FROM ${quoteSchema(this.opts.schema)}.outbox WHERE published_at IS NULL`,
      )) as { backlog: number; lag: number }[];
      outboxBacklog.set({ schema: this.opts.schema }, row.backlog);
      outboxRelayLag.set({ schema: this.opts.schema }, row.lag);
    } catch {
      // The database is away: the relay's own pass reports it; the gauges keep their last value.
    }
  }

  private async maybePurge(): Promise<void> {
    const days = this.opts.retainPublishedDays;
    if (days === undefined || Date.now() - this.lastPurge < 60 * 60 * 1000) return;
    this.lastPurge = Date.now();
    const purged = await purgePublishedOutbox(this.opts.dataSource.manager, this.opts.schema, days);
    if (purged > 0) this.logger.log({ msg: 'purged published outbox rows', purged }, 'OutboxRelay');
  }
}
