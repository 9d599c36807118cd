import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { OtlpExporter } from './otlp-exporter';
import { setSpanSink, SpanKind, startSpan } from './span';
import { currentTraceId } from './trace-context';

interface Received {
  path: string;
  contentType?: string;
  body: {
    resourceSpans: {
      resource: { attributes: { key: string; value: { stringValue?: string } }[] };
      scopeSpans: {
        spans: {
          traceId: string;
          spanId: string;
          parentSpanId?: string;
          name: string;
          kind: number;
          startTimeUnixNano: string;
          endTimeUnixNano: string;
          attributes: { key: string; value: Record<string, unknown> }[];
          status: { code: number; message?: string };
        }[];
      }[];
    }[];
  };
}

describe('OtlpExporter', () => {
  let server: Server;
  let endpoint: string;
  const received: Received[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', contentType: req.headers['content-type'], body: JSON.parse(raw) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(async () => {
    setSpanSink(undefined);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('POSTs ended spans as OTLP JSON to <endpoint>/v1/traces, parent links and resource included', async () => {
    const exporter = new OtlpExporter({ endpoint, resource: { 'service.name': 'unit' } });
    setSpanSink(exporter);
    const root = startSpan('GET /x', SpanKind.Server, { parent: null, attributes: { 'http.response.status_code': 200 } });
    const seen = root.run(() => {
      const child = startSpan('wallet.reserve.v1 send', SpanKind.Client);
      child.fail('timeout').end();
      return currentTraceId();
    });
    root.end();
    await exporter.flush();

    expect(seen).toBe(root.context.traceId);
    expect(received).toHaveLength(1);
    const [{ path, contentType, body }] = received;
    expect(path).toBe('/v1/traces');
    expect(contentType).toBe('application/json');
    const rs = body.resourceSpans[0];
    expect(rs.resource.attributes).toEqual([{ key: 'service.name', value: { stringValue: 'unit' } }]);
    const spans = rs.scopeSpans[0].spans;
    const server = spans.find((s) => s.name === 'GET /x')!;
    const client = spans.find((s) => s.name === 'wallet.reserve.v1 send')!;
    expect(server.parentSpanId).toBeUndefined();
    expect(server.kind).toBe(2);
    expect(server.attributes).toEqual([{ key: 'http.response.status_code', value: { intValue: '200' } }]);
    expect(client).toMatchObject({ traceId: server.traceId, parentSpanId: server.spanId, kind: 3 });
    expect(client.status).toEqual({ code: 2, message: 'timeout' });
    expect(BigInt(client.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(client.startTimeUnixNano));
    expect(Number(BigInt(server.startTimeUnixNano) / 1_000_000n)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('drops spans, and says so once, when the collector cannot be reached', async () => {
    const errors: string[] = [];
    const exporter = new OtlpExporter({
      endpoint: 'http://127.0.0.1:1',
      resource: { 'service.name': 'unit' },
      onError: (m) => errors.push(m),
    });
    setSpanSink(exporter);
    startSpan('a', SpanKind.Internal, { parent: null }).end();
    await exporter.flush();
    startSpan('b', SpanKind.Internal, { parent: null }).end();
    await exporter.flush();
    expect(exporter.dropped).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
