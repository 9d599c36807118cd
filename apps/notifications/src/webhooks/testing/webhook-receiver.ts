import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  raw: string;
  json: { id: string; type: string; accountId: string; createdAt: string; data: Record<string, unknown> };
  at: number;
}

/** What the receiver answers for a path: a status (and headers), or 'hang' (never answers until released). */
export type Behaviour = (
  req: Received,
  nth: number,
) => number | 'hang' | { status: number; headers: Record<string, string> };

/** A real local HTTP receiver for webhook tests: records every request (raw body kept), answers per path. */
export class WebhookReceiver {
  readonly received: Received[] = [];
  private readonly behaviours = new Map<string, Behaviour>();
  private readonly hanging: ServerResponse[] = [];
  private server?: Server;
  port = 0;

  on(path: string, b: Behaviour): void {
    this.behaviours.set(path, b);
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Listens on `port` (0: a free one; again the same one after a stop). */
  async start(port = this.port): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const r: Received = { path: req.url ?? '', headers: req.headers, raw, json: JSON.parse(raw), at: Date.now() };
        this.received.push(r);
        const b = this.behaviours.get(r.path);
        const answer = b ? b(r, this.at(r.path).length) : 200;
        if (answer === 'hang') {
          this.hanging.push(res);
          return;
        }
        if (typeof answer === 'number') res.writeHead(answer).end('ok');
        else res.writeHead(answer.status, answer.headers).end('ok');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging.splice(0)) res.destroy();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
