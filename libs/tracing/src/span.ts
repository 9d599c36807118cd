import {
  AttributeValue,
  Context,
  context,
  isSpanContextValid,
  Span as OtelSpan,
  SpanContext,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import { RandomIdGenerator } from '@opentelemetry/sdk-trace-node';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { formatTraceparent } from './trace-context';
import { recordingTracer } from './tracing-sdk';

export { SpanKind } from '@opentelemetry/api';
export type { AttributeValue } from '@opentelemetry/api';

export interface StartSpanOptions {
  /** The parent; the current span when omitted; `null` starts a new trace. */
  parent?: SpanContext | null;
  attributes?: Record<string, AttributeValue>;
  /** Other spans this one is caused by (the events of a batch). */
  links?: SpanContext[];
}

const ids = new RandomIdGenerator();

/**
 * One operation of a trace: an OpenTelemetry span and the context that makes it current. When
 * nothing exports spans it is a non-recording span: two random ids, no clock reading, no attributes.
 */
export class Span {
  private ended = false;

  constructor(
    readonly name: string,
    private readonly span: OtelSpan,
    private readonly ctx: Context,
  ) {}

  get context(): SpanContext {
    return this.span.spanContext();
  }

  /** This span as a `traceparent` value. */
  get traceparent(): string {
    return formatTraceparent(this.span.spanContext());
  }

  setAttribute(key: string, value: AttributeValue): this {
    this.span.setAttribute(key, value);
    return this;
  }

  /** Marks the span failed (status ERROR) with a short message, never a body. */
  fail(message: string): this {
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: message.slice(0, 300) });
    return this;
  }

  /** Runs `fn` with this span as the current one (its log lines carry its trace id, its calls are its children). */
  run<T>(fn: () => T): T {
    return context.with(this.ctx, fn);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.span.end();
  }
}

function parentContext(parent: SpanContext | null | undefined): Context {
  const active = context.active();
  if (parent === undefined) return active;
  return parent === null ? trace.deleteSpan(active) : trace.setSpanContext(active, parent);
}

/**
 * A span, a child of the current one unless told otherwise. Recorded (and exported) only when
 * initTracing was given an endpoint; else only its ids exist, and the sampled flag of its parent
 * (a new trace: sampled) travels on unchanged, so a downstream service that exports still does.
 */
export function startSpan(name: string, kind: SpanKind, opts: StartSpanOptions = {}): Span {
  const tracer = recordingTracer();
  const ctx = parentContext(opts.parent);
  let span: OtelSpan;
  if (tracer) {
    span = tracer.startSpan(
      name,
      { kind, attributes: opts.attributes, links: opts.links?.map((l) => ({ context: l })) },
      ctx,
    );
  } else {
    const parent = trace.getSpanContext(ctx);
    const valid = parent !== undefined && isSpanContextValid(parent);
    span = trace.wrapSpanContext({
      traceId: valid ? parent.traceId : ids.generateTraceId(),
      spanId: ids.generateSpanId(),
      traceFlags: valid ? parent.traceFlags : TraceFlags.SAMPLED,
    });
  }
  return new Span(name, span, trace.setSpan(ctx, span));
}

/**
 * True when the http instrumentation's server span is current (spans are exported): it is told the
 * route template (when a route matched), which becomes its name (`POST /api/v1/sms`) and its `http.route` when it ends.
 */
export function httpServerSpan(route: string | undefined): boolean {
  const rpc = getRPCMetadata(context.active());
  if (rpc?.type !== RPCType.HTTP) return false;
  if (route) rpc.route = route;
  return true;
}
