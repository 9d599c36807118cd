import { AttributeValue, FinishedSpan, setSpanSink, SpanSink } from './span';
import { otlpTraceRequest } from './otlp-json';

export interface OtlpExporterOptions {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; spans go to `<endpoint>/v1/traces`. */
  endpoint: string;
  /** Resource attributes: `service.name` at least. */
  resource: Record<string, AttributeValue>;
  /** A batch is sent after this long, or sooner when it is full. */
  flushIntervalMs?: number;
  maxBatch?: number;
  /** Spans beyond this many waiting are dropped (and counted): tracing never holds up the service. */
  maxQueue?: number;
  onError?: (message: string) => void;
}

/**
 * Batches ended spans and POSTs them as OTLP/HTTP JSON. Best effort: an unreachable collector
 * costs dropped spans (one warning per outage), never a request.
 */
export class OtlpExporter implements SpanSink {
  readonly url: string;
  private queue: FinishedSpan[] = [];
  private timer?: NodeJS.Timeout;
  private sending: Promise<void> = Promise.resolve();
  private failing = false;
  dropped = 0;

  constructor(private readonly opts: OtlpExporterOptions) {
    this.url = `${opts.endpoint.replace(/\/+$/, '')}/v1/traces`;
  }

  add(span: FinishedSpan): void {
    if (this.queue.length >= (this.opts.maxQueue ?? 4096)) {
      this.dropped++;
      return;
    }
    this.queue.push(span);
    if (this.queue.length >= (this.opts.maxBatch ?? 512)) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.opts.flushIntervalMs ?? 500).unref();
  }

  /** Sends what is queued; resolves once every send started so far is done. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue.splice(0, this.queue.length);
    if (batch.length > 0) this.sending = this.sending.then(() => this.post(batch));
    return this.sending;
  }

  private async post(batch: FinishedSpan[]): Promise<void> {
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(otlpTraceRequest(this.opts.resource, batch)),
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      this.failing = false;
    } catch (err) {
      this.dropped += batch.length;
      if (!this.failing) this.opts.onError?.(`spans not exported to ${this.url}: ${(err as Error).message}`);
      this.failing = true;
    }
  }
}

let active: OtlpExporter | undefined;

/**
 * Turns span export on when `endpoint` (OTEL_EXPORTER_OTLP_ENDPOINT) is set; without it spans only
 * propagate trace ids (headers, logs). Call once at start; `shutdownTracing` sends the rest.
 */
export function initTracing(service: string, endpoint: string | undefined, onError?: (message: string) => void): void {
  if (!endpoint || active) return;
  active = new OtlpExporter({ endpoint, resource: { 'service.name': service }, onError });
  setSpanSink(active);
}

export async function shutdownTracing(): Promise<void> {
  const exporter = active;
  active = undefined;
  setSpanSink(undefined);
  await exporter?.flush();
}
