// The bare HTTP front of the raw baseline: node:http, one NATS request per HTTP request, no framework,
// no auth. Prints `port <n>` once listening on a port the kernel chose.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connectRaw, failed, required } from './raw-env';

async function main(): Promise<void> {
  const subject = required('RAW_SUBJECT');
  const nc = await connectRaw('bench-raw-http');
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      nc.request(subject, new Uint8Array(0), { timeout: 5000 }).then(
        (msg) => {
          res.writeHead(req.method === 'POST' ? 202 : 200, {
            'content-type': 'application/json',
            'content-length': msg.data.length,
          });
          res.end(msg.data);
        },
        () => {
          res.writeHead(503);
          res.end();
        },
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(`port ${(server.address() as AddressInfo).port}\n`));
}

main().catch(failed('raw http'));
