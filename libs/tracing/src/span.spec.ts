import { SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { SpanKind, startSpan } from './span';
import {
  currentSpanContext,
  currentTraceId,
  currentTraceparent,
  parseTraceparent,
  runInSpanContext,
} from './trace-context';
import { initTracing, shutdownTracing, tracesUrl } from './tracing-sdk';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('spans when nothing exports them (ids only)', () => {
  beforeAll(() => initTracing({ service: 'unit' }));

  it('starts a new sampled trace, and children share it across awaits', async () => {
    const root = startSpan('GET /x', SpanKind.SERVER, { parent: null });
    expect(root.context.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(root.context.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(root.traceparent).toBe(`00-${root.context.traceId}-${root.context.spanId}-01`);
    const child = await root.run(async () => {
      await tick();
      expect(currentTraceId()).toBe(root.context.traceId);
      return startSpan('wallet.reserve.v1 send', SpanKind.CLIENT);
    });
    expect(child.context.traceId).toBe(root.context.traceId);
    expect(child.context.spanId).not.toBe(root.context.spanId);
    expect(currentTraceId()).toBeUndefined();
  });

  it("keeps the parent's sampling flag, so a downstream service that exports decides as the caller did", () => {
    const parent = parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')!;
    const span = startSpan('x process', SpanKind.SERVER, { parent });
    expect(span.context).toMatchObject({ traceId: parent.traceId, traceFlags: TraceFlags.NONE });
    expect(span.run(() => currentTraceparent())).toBe(span.traceparent);
  });

  it('runs later work inside the span context of the request that queued it', () => {
    const queued = parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(runInSpanContext(queued, () => currentSpanContext()?.spanId)).toBe('00f067aa0ba902b7');
    expect(runInSpanContext(undefined, () => currentSpanContext())).toBeUndefined();
  });
});

describe('spans exported through the OpenTelemetry SDK', () => {
  const exporter = new InMemorySpanExporter();

  beforeAll(() => initTracing({ service: 'unit', exporter }));
  afterAll(async () => {
    await shutdownTracing();
    initTracing({ service: 'unit' });
  });
  beforeEach(() => exporter.reset());

  it('records ended spans with their parent, kind, attributes, status and service', async () => {
    const caller = parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')!;
    const root = startSpan('POST /api/v1/sms', SpanKind.SERVER, {
      parent: caller,
      attributes: { 'http.route': '/sms' },
    });
    await root.run(async () => {
      await tick();
      const child = startSpan('wallet.reserve.v1 send', SpanKind.CLIENT);
      child.setAttribute('outcome', 'timeout').fail('timeout');
      child.end();
      child.end();
    });
    root.end();

    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['wallet.reserve.v1 send', 'POST /api/v1/sms']);
    const [child, server] = spans;
    expect(server.spanContext().traceId).toBe(caller.traceId);
    expect(server.parentSpanContext?.spanId).toBe(caller.spanId);
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.attributes['http.route']).toBe('/sms');
    expect(server.resource.attributes['service.name']).toBe('unit');
    expect(child.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(child.kind).toBe(SpanKind.CLIENT);
    expect(child.attributes.outcome).toBe('timeout');
    expect(child.status).toEqual({ code: SpanStatusCode.ERROR, message: 'timeout' });
  });

  it('makes one batch span: the first event its parent, the others links', () => {
    const a = parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')!;
    const b = parseTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')!;
    startSpan('history process batch', SpanKind.CONSUMER, { parent: a, links: [b] }).end();
    const [batch] = exporter.getFinishedSpans();
    expect(batch.parentSpanContext?.spanId).toBe(a.spanId);
    expect(batch.links.map((l) => l.context.spanId)).toEqual([b.spanId]);
  });

  it("records nothing under a caller that did not sample, but still propagates the caller's trace", () => {
    const unsampled = parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00')!;
    const span = startSpan('x process', SpanKind.SERVER, { parent: unsampled });
    span.end();
    expect(span.context.traceId).toBe(unsampled.traceId);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('sends to <endpoint>/v1/traces', () => {
    expect(tracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl('http://collector:4318/')).toBe('http://collector:4318/v1/traces');
  });
});
