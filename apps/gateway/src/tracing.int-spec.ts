import { buyCredits, HttpClient, OwnStack, signUpAndLogIn, startOwnStack } from '@sms/testing';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}
interface ReceivedSpan extends OtlpSpan {
  service: string;
}
interface ExportRequest {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: OtlpSpan[] }[];
  }[];
}

const INTERNAL = 1;
const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

/** A string attribute of a span as OTLP JSON encodes it. */
function attr(s: OtlpSpan, key: string): string | undefined {
  return s.attributes?.find((a) => a.key === key)?.value.stringValue;
}

/**
 * A stand-in OTLP/HTTP collector: keeps every span POSTed to /v1/traces with its service.name. It
 * speaks the JSON encoding, which the SDK's exporter-trace-otlp-http sends (a real collector takes
 * both JSON and protobuf on port 4318).
 */
async function startCollector(): Promise<{ server: Server; url: string; spans: ReceivedSpan[] }> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') return void res.writeHead(404).end();
      if (!String(req.headers['content-type']).startsWith('application/json')) return void res.writeHead(415).end();
      const body = JSON.parse(raw) as ExportRequest;
      for (const rs of body.resourceSpans) {
        const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
        for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ ...s, service });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans };
}

async function until<T>(what: string, check: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * One `POST /sms` is one trace across processes: the gateway's HTTP server span (made by the
 * OpenTelemetry http instrumentation, a child of the caller's traceparent) and its route span, its
 * NATS call to messaging, messaging's call to wallet, wallet's PostgreSQL queries (pg instrumentation),
 * and the events messaging appended, consumed by another service under their producer spans. Exported
 * by the OpenTelemetry SDK as OTLP/HTTP JSON to OTEL_EXPORTER_OTLP_ENDPOINT (here a local receiver). The whole stack as processes, like the e2e tier,
 * but its own (own database, NATS prefix and collector), so it lives in the integration tier.
 */
describe('traces exported over OTLP', () => {
  let own: OwnStack;
  let http: HttpClient;
  let collector: Awaited<ReturnType<typeof startCollector>>;

  beforeAll(async () => {
    collector = await startCollector();
    own = await startOwnStack('traces', () => ({
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      // Signup hashes a password: on a loaded shared machine identity can miss the 5 s default.
      NATS_REQUEST_TIMEOUT_MS: '30000',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_PREFIX: `traces:rl:${randomBytes(4).toString('hex')}:`,
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
      SIM_DLR_DELAY_MS: '100',
      // A busy service on a loaded test machine misses the readiness probe's default 1 s window.
      READY_TIMEOUT_MS: '15000',
    }));
    http = new HttpClient(own.stack.baseUrl);
  }, 900_000);

  afterAll(async () => {
    await own?.stop();
    await new Promise<void>((resolve) => collector?.server.close(() => resolve()));
  });

  it('follows one POST /sms from the gateway through messaging to wallet, and into the event consumers', async () => {
    const owner = await signUpAndLogIn(http);
    await buyCredits(http, owner, 10);
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const requestId = `trace-${traceId.slice(0, 12)}`;
    const res = await http.post('/sms', {
      token: owner.accessToken,
      body: { to: ['+393471234567'], text: 'traced', sender: 'ACME' },
      headers: { traceparent: `00-${traceId}-${callerSpanId}-01`, 'x-request-id': requestId },
    });
    expect(res.status).toBe(202);

    const inTrace = (): ReceivedSpan[] => collector.spans.filter((s) => s.traceId === traceId);
    const byId = (id?: string): ReceivedSpan | undefined => inTrace().find((s) => s.spanId === id);
    const parentOf = (s: ReceivedSpan): ReceivedSpan | undefined => byId(s.parentSpanId);

    // The wallet's server span, reached through messaging's client span, messaging's server span and the gateway's client span.
    const walletServer = await until('a wallet server span in the trace', () =>
      inTrace().find((s) => s.service === 'wallet' && s.kind === SERVER && parentOf(s)?.service === 'messaging'),
    );
    const messagingClient = parentOf(walletServer)!;
    expect(messagingClient.kind).toBe(CLIENT);
    const messagingServer = await until('messaging server span', () => parentOf(messagingClient));
    expect(messagingServer).toMatchObject({ service: 'messaging', kind: SERVER });
    const gatewayClient = await until('gateway client span', () => parentOf(messagingServer));
    expect(gatewayClient).toMatchObject({ service: 'gateway', kind: CLIENT });
    const gatewayRoute = await until('gateway route span', () => parentOf(gatewayClient));
    expect(gatewayRoute).toMatchObject({ service: 'gateway', kind: INTERNAL, name: 'POST /api/v1/sms' });
    const gatewayServer = await until('gateway http server span', () => parentOf(gatewayRoute));
    expect(gatewayServer).toMatchObject({ service: 'gateway', kind: SERVER, name: 'POST /api/v1/sms' });
    expect(attr(gatewayServer, 'http.route')).toBe('/api/v1/sms');
    expect(gatewayServer.parentSpanId).toBe(callerSpanId);

    // The wallet's queries for this request: pg spans, children of spans of the same trace.
    const query = await until('a wallet PostgreSQL span in the trace', () =>
      inTrace().find((s) => s.service === 'wallet' && attr(s, 'db.system.name') === 'postgresql' && parentOf(s)),
    );
    expect(query.kind).toBe(CLIENT);

    // An event messaging appended in that request, consumed under its producer span.
    const consumed = await until('a consumer span under a messaging producer span', () =>
      inTrace().find(
        (s) => s.kind === CONSUMER && parentOf(s)?.kind === PRODUCER && parentOf(s)?.service === 'messaging',
      ),
    );
    expect(consumed.service).not.toBe('gateway');
    const services = new Set(inTrace().map((s) => s.service));
    for (const s of ['gateway', 'messaging', 'wallet']) expect(services.has(s)).toBe(true);

    // Log lines carry the trace id: the gateway's access line for this request.
    const log = (app: string): string[] =>
      readFileSync(path.join(own.stack.logDir, `${app}.log`), 'utf8')
        .split('\n')
        .filter(Boolean);
    const access = await until('the access-log line of the request', () =>
      log('gateway').find((l) => l.includes(requestId) && l.includes('"msg":"request"')),
    );
    expect(JSON.parse(access).traceId).toBe(traceId);
  });
});
