import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { metricsRegistry } from './registry';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Prometheus text at `GET /metrics` on its own port, off the public one (services have no HTTP
 * API; the gateway serves /metrics on its own port too). Port 0 takes a free port: read `.port`.
 */
export async function startMetricsServer(port: number, host = '127.0.0.1'): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metricsRegistry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
