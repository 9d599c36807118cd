import { newSpanId, newTraceId, SpanContext, traceStore } from './trace-context';

/** OTLP's SpanKind numbers. */
export enum SpanKind {
  Internal = 1,
  Server = 2,
  Client = 3,
  Producer = 4,
  Consumer = 5,
}

export type AttributeValue = string | number | boolean;

/** What an exporter receives when a span ends. */
export interface FinishedSpan {
  context: SpanContext;
  parentSpanId?: string;
  name: string;
  kind: SpanKind;
  startNs: bigint;
  endNs: bigint;
  attributes: Record<string, AttributeValue>;
  links: SpanContext[];
  error?: string;
}

export interface SpanSink {
  add(span: FinishedSpan): void;
}

let sink: SpanSink | undefined;

/** Where ended spans go (the OTLP exporter when tracing is on); none: spans only propagate ids. */
export function setSpanSink(next: SpanSink | undefined): void {
  sink = next;
}

export interface StartSpanOptions {
  /** The parent; the current span when omitted; `null` starts a new trace. */
  parent?: SpanContext | null;
  attributes?: Record<string, AttributeValue>;
  /** Other spans this one is caused by (the events of a batch). */
  links?: SpanContext[];
}

// Wall clock at start-up plus a monotonic offset: span times in ns since the epoch that never go backwards.
const EPOCH_NS = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

/** One operation of a trace. Cheap when nothing exports it: ids and a clock reading. */
export class Span {
  readonly context: SpanContext;
  readonly parentSpanId?: string;
  private readonly startNs = EPOCH_NS + process.hrtime.bigint();
  private readonly attributes: Record<string, AttributeValue>;
  private readonly links: SpanContext[];
  private error?: string;
  private ended = false;

  constructor(
    readonly name: string,
    readonly kind: SpanKind,
    opts: StartSpanOptions = {},
  ) {
    const parent = opts.parent === undefined ? traceStore.getStore() : opts.parent;
    this.context = { traceId: parent?.traceId ?? newTraceId(), spanId: newSpanId(), sampled: parent?.sampled ?? true };
    this.parentSpanId = parent?.spanId;
    this.attributes = { ...opts.attributes };
    this.links = opts.links ?? [];
  }

  setAttribute(key: string, value: AttributeValue): this {
    this.attributes[key] = value;
    return this;
  }

  /** Marks the span failed (OTLP status ERROR) with a short message, never a body. */
  fail(message: string): this {
    this.error = message.slice(0, 300);
    return this;
  }

  /** Runs `fn` with this span as the current one (its log lines carry its trace id). */
  run<T>(fn: () => T): T {
    return traceStore.run(this.context, fn);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (!sink || !this.context.sampled) return;
    sink.add({
      context: this.context,
      parentSpanId: this.parentSpanId,
      name: this.name,
      kind: this.kind,
      startNs: this.startNs,
      endNs: EPOCH_NS + process.hrtime.bigint(),
      attributes: this.attributes,
      links: this.links,
      error: this.error,
    });
  }
}

export function startSpan(name: string, kind: SpanKind, opts?: StartSpanOptions): Span {
  return new Span(name, kind, opts);
}
