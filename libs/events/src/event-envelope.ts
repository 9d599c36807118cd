import { randomUUID } from 'node:crypto';
import { EventDescriptor } from '@sms/contracts';

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

/** An envelope for a declared event (`WalletEvents.balanceChanged`), or for a bare type (tests, tools). */
export function createEnvelope<T extends object>(
  event: EventDescriptor<T>,
  data: T,
  opts?: CreateEnvelopeOptions,
): EventEnvelope<T>;
export function createEnvelope<T>(type: string, data: T, opts?: CreateEnvelopeOptions): EventEnvelope<T>;
export function createEnvelope<T>(
  event: string | EventDescriptor<T & object>,
  data: T,
  opts: CreateEnvelopeOptions = {},
): EventEnvelope<T> {
  const envelope: EventEnvelope<T> = {
    id: opts.id ?? randomUUID(),
    type: typeof event === 'string' ? event : event.type,
    occurredAt: (opts.occurredAt ?? new Date()).toISOString(),
    data,
  };
  if (opts.accountId !== undefined) envelope.accountId = opts.accountId;
  return envelope;
}

/**
 * Names on the wire. `natsPrefix` is the transport setting (the service's NATS_PREFIX, passed in
 * the events module's, relay's and consumer's options): never read from the environment here.
 * The subject of an event: `${prefix}evt.${type}`.
 */
export function eventSubject(type: string, natsPrefix: string): string {
  return `${natsPrefix}evt.${type}`;
}

/**
 * Where a consumer parks an event it can never apply (malformed, or data that fails its class):
 * `${prefix}dlq.evt.${type}` (the same stream keeps it, with the reason in its headers).
 */
export function deadLetterSubject(subject: string, natsPrefix: string): string {
  const bare = subject.startsWith(natsPrefix) ? subject.slice(natsPrefix.length) : subject;
  return `${natsPrefix}dlq.${bare}`;
}

/** Every subject the events stream captures: the events, and their dead letters. */
export function eventsStreamSubjects(natsPrefix: string): string[] {
  return [`${natsPrefix}evt.>`, `${natsPrefix}dlq.>`];
}

/**
 * The prefix as a token usable in stream and consumer names, which cannot hold dots:
 * "t42." → "T42_", "" → "".
 */
export function natsNameToken(natsPrefix: string): string {
  const prefix = natsPrefix.replace(/\.+$/, '');
  return prefix ? `${prefix.replace(/[^A-Za-z0-9_-]/g, '_').toUpperCase()}_` : '';
}

/** "T42_EVENTS" for prefix "t42.", "EVENTS" without a prefix. */
export function eventsStreamName(natsPrefix: string): string {
  return `${natsNameToken(natsPrefix)}EVENTS`;
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
