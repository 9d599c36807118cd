// The bare HTTP front of the raw baseline: node:http, one NATS request per HTTP request, no framework,
// no auth. Prints `port <n>` once listening on a port the kernel chose.
'use strict';
const http = require('http');
const { nkeyAuthenticator, connect } = require('nats');

const { NATS_URL, RAW_SUBJECT } = process.env;

async function main() {
  const nc = await connect({
    servers: NATS_URL,
    name: 'bench-raw-http',
    // The stack's NATS wants a user: the benchmark's (harness) seed from the environment.
    ...(process.env.NATS_NKEY_SEED
      ? { authenticator: nkeyAuthenticator(new TextEncoder().encode(process.env.NATS_NKEY_SEED)) }
      : {}),
  });
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      nc.request(RAW_SUBJECT, new Uint8Array(0), { timeout: 5000 }).then(
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
  server.listen(0, '127.0.0.1', () => process.stdout.write(`port ${server.address().port}\n`));
}

main().catch((err) => {
  process.stderr.write(`raw http failed: ${err.stack || err}\n`);
  process.exit(1);
});
