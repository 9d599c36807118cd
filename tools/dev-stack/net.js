// Small TCP/HTTP helpers shared by the dev stack, the benchmarks and the e2e harness.
'use strict';
const net = require('net');

/** Resolves true when something accepts a TCP connection on host:port within timeoutMs. */
function isPortOpen(port, host = '127.0.0.1', timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (open) => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Resolves true when `port` can be bound on host (nobody listens there). */
function canBind(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** `preferred` when it is free, else a port the OS hands out. */
async function findFreePort(preferred, host = '127.0.0.1') {
  if (preferred && (await canBind(preferred, host)) && !(await isPortOpen(preferred, host))) return preferred;
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls until host:port accepts connections; rejects after timeoutMs or when shouldAbort() returns a reason. */
async function waitForPort(port, { host = '127.0.0.1', timeoutMs = 15000, intervalMs = 100, shouldAbort } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await isPortOpen(port, host, 300)) return;
    const reason = shouldAbort && shouldAbort();
    if (reason) throw new Error(reason);
    if (Date.now() > deadline) throw new Error(`nothing answered on ${host}:${port} within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

module.exports = { isPortOpen, canBind, findFreePort, waitForPort, sleep };
