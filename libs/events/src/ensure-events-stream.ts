import {
  DiscardPolicy,
  JetStreamManager,
  NatsConnection,
  nanos,
  RetentionPolicy,
  ServerInfo,
  StorageType,
  StreamInfo,
} from 'nats';
import { eventsStreamName, eventsStreamSubjects } from './event-envelope';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface EventsStreamOptions {
  maxAgeMs?: number;
  /** How long JetStream remembers a Nats-Msg-Id; relay re-publishes within it are dropped. */
  duplicateWindowMs?: number;
  /** Copies of the stream; default EVENTS_STREAM_REPLICAS, else 3 on a cluster of 3+ nodes, 1 otherwise. */
  replicas?: number;
  /** Transport prefix (the service's NATS_PREFIX) of the stream's name and subjects. */
  natsPrefix: string;
}

/**
 * 3 when the server we are connected to belongs to a cluster of at least three nodes (its INFO
 * lists every node's client URL, its own included), else the cluster's size, else 1.
 */
export function streamReplicasFor(info: ServerInfo | undefined, env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.EVENTS_STREAM_REPLICAS);
  if (Number.isInteger(configured) && configured >= 1 && configured <= 5) return configured;
  if (!info?.cluster) return 1;
  return Math.max(1, Math.min(3, info.connect_urls?.length ?? 1));
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
  const info = 'streams' in conn ? undefined : conn.info;
  const name = eventsStreamName(opts.natsPrefix);
  const config = {
    subjects: eventsStreamSubjects(opts.natsPrefix),
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(opts.maxAgeMs ?? 7 * DAY_MS),
    duplicate_window: nanos(opts.duplicateWindowMs ?? 2 * 60 * 1000),
  };
  // An existing stream keeps its copies unless told otherwise (a change of replicas is an operator's move).
  const replicas = opts.replicas ?? (info ? streamReplicasFor(info) : undefined);
  const existing = await jsm.streams.info(name).catch(() => undefined);
  if (existing) return jsm.streams.update(name, { ...existing.config, ...config });
  try {
    return await jsm.streams.add({ name, storage: StorageType.File, num_replicas: replicas ?? 1, ...config });
  } catch (err) {
    // Another replica created it between our info and add: converge on its config.
    const raced = await jsm.streams.info(name).catch(() => undefined);
    if (!raced) throw err;
    return jsm.streams.update(name, { ...raced.config, ...config });
  }
}
