import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  ROOT_CONTEXT,
  SpanContext,
  trace,
  TextMapGetter,
  TextMapSetter,
  TraceFlags,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { ensureTracing } from './tracing-sdk';

export type { SpanContext } from '@opentelemetry/api';

/** Header name in HTTP, in NATS request headers and in JetStream message headers. */
export const TRACEPARENT_HEADER = 'traceparent';

/** The SDK's W3C Trace Context propagator (`traceparent` and `tracestate`), used for NATS and outbox rows. */
const propagator = new W3CTraceContextPropagator();

/** Message headers read or written by name: NATS `MsgHdrs` (whose `get` answers '' when absent). */
export interface HeaderReader {
  get(name: string): string | undefined | null;
}
export interface HeaderWriter {
  set(name: string, value: string): void;
}

const headerGetter: TextMapGetter<HeaderReader> = {
  get: (h, key) => h.get(key) || undefined,
  keys: () => [TRACEPARENT_HEADER, 'tracestate'],
};
const headerSetter: TextMapSetter<HeaderWriter> = { set: (h, key, value) => h.set(key, value) };

function spanContextOf(ctx: ReturnType<typeof context.active>): SpanContext | undefined {
  const sc = trace.getSpanContext(ctx);
  return sc && isSpanContextValid(sc) ? sc : undefined;
}

/**
 * A `traceparent` value, or undefined when it is absent or invalid (then the receiver starts a new
 * trace, as the W3C spec says): version ff, all-zero ids and upper-case hex are invalid; a future
 * version is read by its first four fields.
 */
export function parseTraceparent(value: string | undefined | null): SpanContext | undefined {
  if (typeof value !== 'string') return undefined;
  return spanContextOf(propagator.extract(ROOT_CONTEXT, { [TRACEPARENT_HEADER]: value }, defaultTextMapGetter));
}

/** The span context as a `traceparent` value (version 00), e.g. for an outbox row. */
export function formatTraceparent(sc: SpanContext): string {
  const carrier: Record<string, string> = {};
  propagator.inject(trace.setSpanContext(ROOT_CONTEXT, sc), carrier, defaultTextMapSetter);
  return carrier[TRACEPARENT_HEADER] ?? `00-${sc.traceId}-${sc.spanId}-0${sc.traceFlags & TraceFlags.SAMPLED}`;
}

/** The trace context a message carries (`traceparent`, `tracestate`), or undefined. */
export function extractTraceContext(headers: HeaderReader | undefined): SpanContext | undefined {
  if (!headers) return undefined;
  return spanContextOf(propagator.extract(ROOT_CONTEXT, headers, headerGetter));
}

/** Writes `traceparent` (and `tracestate` when there is one) of `sc` into message headers. */
export function injectTraceContext(sc: SpanContext, headers: HeaderWriter): void {
  propagator.inject(trace.setSpanContext(ROOT_CONTEXT, sc), headers, headerSetter);
}

/** The span the current code runs in (HTTP request, NATS handler, event consumer). */
export function currentSpanContext(): SpanContext | undefined {
  return spanContextOf(context.active());
}

/** The trace id every log line carries (libs/logging). */
export function currentTraceId(): string | undefined {
  return currentSpanContext()?.traceId;
}

/** The current span as a `traceparent` value, to store beside an event or send in a header. */
export function currentTraceparent(): string | undefined {
  const sc = currentSpanContext();
  return sc ? formatTraceparent(sc) : undefined;
}

/** Runs `fn` as if inside the span `sc` (work queued by one request and done later for it). */
export function runInSpanContext<T>(sc: SpanContext | undefined, fn: () => T): T {
  if (!sc) return fn();
  ensureTracing();
  return context.with(trace.setSpanContext(context.active(), sc), fn);
}
