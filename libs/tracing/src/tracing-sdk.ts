import { context, diag, DiagLogLevel, propagation, trace, Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  NodeTracerConfig,
  NodeTracerProvider,
  SimpleSpanProcessor,
  SpanExporter,
} from '@opentelemetry/sdk-trace-node';
import { hostname } from 'node:os';
import { enabledInstrumentations } from './instrument';

export interface TracingOptions {
  /** `service.name` of every span. */
  service: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; spans go to `<endpoint>/v1/traces`. Empty: no export. */
  endpoint?: string;
  /** Instead of OTLP (tests, e.g. an InMemorySpanExporter): each ended span is handed to it at once. */
  exporter?: SpanExporter;
  /** Where the SDK's warnings go (an unreachable collector, dropped spans): at most one a minute. */
  onError?: (message: string) => void;
}

interface TracingState {
  provider: NodeTracerProvider;
  /** The tracer of recorded spans; undefined when nothing exports them (spans are ids only). */
  tracer?: Tracer;
}

let state: TracingState | undefined;

/** Sends `<endpoint>/v1/traces`, as OTEL_EXPORTER_OTLP_ENDPOINT means in the OTLP spec. */
export function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

/** At most one message per window: an outage of the collector is one warning, not one per batch. */
function throttled(report: (message: string) => void, windowMs = 60_000): (message: string) => void {
  let last = -Infinity;
  let suppressed = 0;
  return (message) => {
    const now = Date.now();
    if (now - last < windowMs) {
      suppressed++;
      return;
    }
    last = now;
    report(suppressed > 0 ? `${message} (${suppressed} more tracing warnings in the last minute)` : message);
    suppressed = 0;
  };
}

/** The OTLP/HTTP JSON exporter, loaded only when spans are exported (its modules cost every start otherwise). */
function otlpExporter(endpoint: string): SpanExporter {
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  return new OTLPTraceExporter({ url: tracesUrl(endpoint), timeoutMillis: 5000 });
}

function install(opts: TracingOptions): TracingState {
  const exporter = opts.exporter ?? (opts.endpoint ? otlpExporter(opts.endpoint) : undefined);
  const config: NodeTracerConfig = {
    resource: defaultResource().merge(
      resourceFromAttributes({
        'service.name': opts.service,
        'service.instance.id': `${hostname()}:${process.pid}`,
      }),
    ),
  };
  if (!exporter) config.sampler = new AlwaysOffSampler();
  else if (opts.exporter) config.spanProcessors = [new SimpleSpanProcessor(exporter)];
  // Sent every 0.5 s or per 512 spans; beyond 4096 waiting they are dropped (and counted in a warning).
  else
    config.spanProcessors = [
      new BatchSpanProcessor(exporter, { scheduledDelayMillis: 500, maxExportBatchSize: 512, maxQueueSize: 4096 }),
    ];
  const provider = new NodeTracerProvider(config);
  // The async-local-storage context manager and the W3C propagator (no baggage: nothing of ours reads it).
  provider.register({ propagator: new W3CTraceContextPropagator() });
  for (const instrumentation of enabledInstrumentations()) instrumentation.setTracerProvider(provider);
  if (opts.onError) {
    const report = throttled(opts.onError);
    diag.setLogger(
      { error: report, warn: report, info: () => undefined, debug: () => undefined, verbose: () => undefined },
      { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
    );
  }
  return { provider, tracer: exporter ? provider.getTracer('@sms/tracing') : undefined };
}

/**
 * Sets up the OpenTelemetry SDK for this process, once at start (runService, the gateway's main):
 * with `endpoint` (OTEL_EXPORTER_OTLP_ENDPOINT) spans are recorded and sent as OTLP/HTTP JSON in
 * batches, and the `http`/`pg` instrumentation (instrumentLibraries) reports to it; without it no
 * span is recorded, none exported, and spans are only ids that propagate (headers, outbox rows, log
 * lines). Called again (tests), it replaces the previous setup.
 */
export function initTracing(opts: TracingOptions): void {
  if (state) uninstall();
  state = install(opts);
}

/** The recording tracer, or undefined when spans are ids only; sets up the id-only mode on first use. */
export function recordingTracer(): Tracer | undefined {
  return (state ??= install({ service: 'unknown_service:node' })).tracer;
}

/** Makes sure a context manager is registered (spans' `run` needs one), as recordingTracer does. */
export function ensureTracing(): void {
  state ??= install({ service: 'unknown_service:node' });
}

function uninstall(): void {
  const old = state;
  state = undefined;
  void old?.provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
}

/** Sends the spans still waiting and stops exporting (at shutdown). */
export async function shutdownTracing(): Promise<void> {
  await state?.provider.shutdown();
}
