// A bare HTTP server answering every GET with the same bytes (the file named by BYTES_FILE) and the
// given content type: what serving a stored document costs without any framework. Prints `port <n>`.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const file = process.env.BYTES_FILE;
if (!file) throw new Error('BYTES_FILE is not set');
const bytes = readFileSync(file);
const type = process.env.BYTES_TYPE || 'application/octet-stream';
const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': type, 'content-length': bytes.length });
  res.end(bytes);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`port ${(server.address() as AddressInfo).port}\n`));
