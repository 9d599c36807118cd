import { randomUUID } from 'node:crypto';

/**
 * The default transport prefix of event subjects and stream names: NATS_PREFIX, read at call
 * time (never at load). Callers that know their prefix (benchmarks, tools) pass it explicitly.
 * TODO(#11 item 2): the publisher and consumers take it from their options, like RpcClient.
 */
export function envNatsPrefix(): string {
  return process.env.NATS_PREFIX ?? '';
}

/** What every domain event looks like on the wire and in the outbox. */
export interface EventEnvelope<T = unknown> {
  /** uuid; doubles as the JetStream `Nats-Msg-Id` and the inbox key, so it must never change. */
  id: string;
  /** Dotted and versioned, e.g. `wallet.balance.changed.v1`. */
  type: string;
  /** ISO-8601 instant at which the state change happened (not when it was published). */
  occurredAt: string;
  accountId?: string;
  data: T;
}

export interface CreateEnvelopeOptions {
  accountId?: string;
  id?: string;
  occurredAt?: Date;
}

export function createEnvelope<T>(type: string, data: T, opts: CreateEnvelopeOptions = {}): EventEnvelope<T> {
  const envelope: EventEnvelope<T> = {
    id: opts.id ?? randomUUID(),
    type,
    occurredAt: (opts.occurredAt ?? new Date()).toISOString(),
    data,
  };
  if (opts.accountId !== undefined) envelope.accountId = opts.accountId;
  return envelope;
}

/** `${prefix}evt.${type}`. */
export function eventSubject(type: string, prefix = envNatsPrefix()): string {
  return `${prefix}evt.${type}`;
}

/** Every subject the events stream captures. */
export function eventsStreamSubjects(prefix = envNatsPrefix()): string[] {
  return [`${prefix}evt.>`];
}

/**
 * The prefix as a token usable in stream and consumer names, which cannot hold dots:
 * "t42." → "T42_", "" → "".
 */
export function natsNameToken(natsPrefix = envNatsPrefix()): string {
  const prefix = natsPrefix.replace(/\.+$/, '');
  return prefix ? `${prefix.replace(/[^A-Za-z0-9_-]/g, '_').toUpperCase()}_` : '';
}

/** "T42_EVENTS" for prefix "t42.", "EVENTS" without a prefix. */
export function eventsStreamName(prefix = envNatsPrefix()): string {
  return `${natsNameToken(prefix)}EVENTS`;
}

export class MalformedEventError extends Error {
  override name = 'MalformedEventError';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Parses and checks an envelope received from NATS. Anything that could never be applied
 * (bad JSON, non-uuid id…) throws MalformedEventError, so the consumer terminates it
 * instead of redelivering it forever.
 */
export function parseEnvelope(raw: Uint8Array | string): EventEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : new TextDecoder().decode(raw));
  } catch {
    throw new MalformedEventError('payload is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new MalformedEventError('payload is not an object');
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || !UUID.test(v.id)) throw new MalformedEventError('id is not a uuid');
  if (typeof v.type !== 'string' || v.type.length === 0) throw new MalformedEventError('type is missing');
  if (typeof v.occurredAt !== 'string' || Number.isNaN(Date.parse(v.occurredAt))) {
    throw new MalformedEventError('occurredAt is not a date');
  }
  if (v.accountId !== undefined && typeof v.accountId !== 'string')
    throw new MalformedEventError('accountId is not a string');
  if (!('data' in v)) throw new MalformedEventError('data is missing');
  return v as unknown as EventEnvelope;
}
