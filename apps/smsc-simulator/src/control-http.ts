// The simulator's HTTP control endpoint, for tests and people: what it received, its counters,
// drop every SMPP connection, inject a mobile-originated SMS, change its behaviour.
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { SmscOptions, SmscSimulator } from '@sms/smpp';

const NUMBER_OPTIONS = ['dlrDelayMs', 'tps', 'window', 'respDelayMs'] as const;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('body must be a JSON object');
  return value as Record<string, unknown>;
}

/** Only known options of the right type; anything else is a 400. */
export function parseConfigChange(body: Record<string, unknown>): Partial<SmscOptions> {
  const change: Partial<SmscOptions> = {};
  for (const [key, value] of Object.entries(body)) {
    if ((NUMBER_OPTIONS as readonly string[]).includes(key) && Number.isInteger(value) && (value as number) >= 0) {
      change[key as (typeof NUMBER_OPTIONS)[number]] = value as number;
    } else if ((key === 'systemId' || key === 'password') && typeof value === 'string' && value) {
      change[key] = value;
    } else if (key === 'answerEnquireLink' && typeof value === 'boolean') {
      change.answerEnquireLink = value;
    } else if (key === 'receiptStyle' && (value === 'tlv' || value === 'text')) {
      change.receiptStyle = value;
    } else {
      throw new Error(`bad option ${key}`);
    }
  }
  return change;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function route(smsc: SmscSimulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const key = `${req.method} ${(req.url ?? '').split('?')[0]}`;
  switch (key) {
    case 'GET /received':
      return send(res, 200, smsc.received());
    case 'GET /stats':
      return send(res, 200, smsc.stats());
    case 'POST /drop':
      return send(res, 200, { dropped: smsc.dropConnections() });
    case 'POST /reset':
      smsc.reset();
      return send(res, 200, { reset: true });
    case 'POST /config': {
      const { password: _hidden, ...shown } = smsc.configure(parseConfigChange(await readJson(req)));
      return send(res, 200, shown);
    }
    case 'POST /mo': {
      const { from, to, text } = await readJson(req);
      if (typeof from !== 'string' || typeof to !== 'string' || typeof text !== 'string' || !text) {
        return send(res, 400, { error: 'from, to and text are required strings' });
      }
      smsc.injectMo({ from, to, text });
      return send(res, 202, { queued: true });
    }
    default:
      return send(res, 404, { error: `no route ${key}` });
  }
}

export function startControlServer(smsc: SmscSimulator, port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    route(smsc, req, res).catch((err: unknown) =>
      send(res, 400, { error: err instanceof Error ? err.message : String(err) }),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
