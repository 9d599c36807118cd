import { DiscardPolicy, JetStreamManager, NatsConnection, nanos, RetentionPolicy, StorageType, StreamInfo } from 'nats';
import { eventsStreamName, eventsStreamSubjects } from './event-envelope';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface EventsStreamOptions {
  maxAgeMs?: number;
  /** How long JetStream remembers a Nats-Msg-Id; relay re-publishes within it are dropped. */
  duplicateWindowMs?: number;
  /** Transport prefix (the service's NATS_PREFIX) of the stream's name and subjects. */
  natsPrefix: string;
}

/**
 * Creates the shared events stream, or brings an existing one to the expected limits.
 * Safe to call from every replica of every service at start-up, even concurrently.
 */
export async function ensureEventsStream(
  conn: NatsConnection | JetStreamManager,
  opts: EventsStreamOptions,
): Promise<StreamInfo> {
  const jsm = 'streams' in conn ? conn : await conn.jetstreamManager();
  const name = eventsStreamName(opts.natsPrefix);
  const config = {
    subjects: eventsStreamSubjects(opts.natsPrefix),
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(opts.maxAgeMs ?? 7 * DAY_MS),
    duplicate_window: nanos(opts.duplicateWindowMs ?? 2 * 60 * 1000),
  };
  const existing = await jsm.streams.info(name).catch(() => undefined);
  if (existing) return jsm.streams.update(name, { ...existing.config, ...config });
  try {
    return await jsm.streams.add({ name, storage: StorageType.File, ...config });
  } catch (err) {
    // Another replica created it between our info and add: converge on its config.
    const raced = await jsm.streams.info(name).catch(() => undefined);
    if (!raced) throw err;
    return jsm.streams.update(name, { ...raced.config, ...config });
  }
}
