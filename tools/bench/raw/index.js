// Raw baselines measured in the same run as the benchmark that compares against them: separate
// processes (like the apps), framework-free, talking to the same PostgreSQL and NATS as the stack.
'use strict';
const crypto = require('crypto');
const path = require('path');
const readline = require('readline');
const { spawnManaged } = require('../../dev-stack/processes');

/** Resolves the first stdout line of `handle` matching `pattern`, or rejects when it exits first. */
function waitForLine(handle, pattern) {
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: handle.child.stdout });
    rl.on('line', (line) => {
      const m = pattern.exec(line);
      if (m) resolve(m);
    });
    handle.exited.then(({ code }) => reject(new Error(`${handle.name} exited (${code}) before it was ready`)));
  });
}

function spawnNode(name, file, env) {
  return spawnManaged(name, process.execPath, [path.join(__dirname, file)], {
    env: { ...process.env, ...env },
    quiet: false,
  });
}

/**
 * HTTP → NATS → PostgreSQL with nothing else: mode 'read' (one SELECT by primary key), 'insert'
 * (one INSERT) or 'bulk' (one INSERT of RAW_ROWS rows, default 10,000). Resolves { url, stop() } once both processes are ready.
 */
async function startRawPath(stack, mode) {
  const env = {
    NATS_URL: stack.env.NATS_URL,
    DATABASE_URL: stack.env.DATABASE_URL,
    RAW_SUBJECT: `bench.raw.${crypto.randomBytes(4).toString('hex')}`,
    RAW_MODE: mode,
  };
  const responder = spawnNode('raw-responder', 'responder.js', env);
  await waitForLine(responder, /^ready$/);
  const front = spawnNode('raw-http', 'http-server.js', env);
  const [, port] = await waitForLine(front, /^port (\d+)$/);
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: async () => {
      await front.stop(3000);
      await responder.stop(3000);
    },
  };
}

/** A bare HTTP server answering every GET with the bytes of `file`. Resolves { url, stop() }. */
async function startBytesServer(file, contentType) {
  const server = spawnNode('raw-bytes', 'bytes-server.js', { BYTES_FILE: file, BYTES_TYPE: contentType });
  const [, port] = await waitForLine(server, /^port (\d+)$/);
  return { url: `http://127.0.0.1:${port}/`, stop: () => server.stop(3000) };
}

module.exports = { startRawPath, startBytesServer };
