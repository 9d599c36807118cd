import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/** W3C Trace Context: the identity of one span, as `traceparent` carries it. */
export interface SpanContext {
  /** 32 lowercase hex digits, never all zeros. */
  traceId: string;
  /** 16 lowercase hex digits, never all zeros. */
  spanId: string;
  /** The caller's sampling decision (trace-flags bit 0); unsampled spans are propagated, not exported. */
  sampled: boolean;
}

/** Header name in HTTP, in NATS request headers and in JetStream message headers. */
export const TRACEPARENT_HEADER = 'traceparent';

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * A `traceparent` value, or undefined when it is absent or invalid (then the receiver starts a new
 * trace, as the W3C spec says). Version ff and all-zero ids are invalid; a future version is read
 * by its first four fields.
 */
export function parseTraceparent(value: string | undefined | null): SpanContext | undefined {
  if (typeof value !== 'string') return undefined;
  const m = TRACEPARENT.exec(value.trim());
  if (!m) return undefined;
  const [, version, traceId, spanId, flags, rest] = m;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
}

export function formatTraceparent(ctx: SpanContext): string {
  return `00-${ctx.traceId}-${ctx.spanId}-${ctx.sampled ? '01' : '00'}`;
}

export function newTraceId(): string {
  return nonZeroHex(16);
}

export function newSpanId(): string {
  return nonZeroHex(8);
}

function nonZeroHex(bytes: number): string {
  for (;;) {
    const hex = randomBytes(bytes).toString('hex');
    if (!/^0+$/.test(hex)) return hex;
  }
}

/** The span the current code runs in (HTTP request, NATS handler, event consumer). */
export const traceStore = new AsyncLocalStorage<SpanContext>();

export function currentSpanContext(): SpanContext | undefined {
  return traceStore.getStore();
}

/** The trace id every log line carries (libs/logging). */
export function currentTraceId(): string | undefined {
  return traceStore.getStore()?.traceId;
}

/** The current span as a `traceparent` value, to store beside an event or send in a header. */
export function currentTraceparent(): string | undefined {
  const ctx = traceStore.getStore();
  return ctx ? formatTraceparent(ctx) : undefined;
}
