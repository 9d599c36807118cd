// Child-process bookkeeping: spawn with prefixed output, stop with SIGTERM then SIGKILL,
// and a last-resort kill of everything still alive when this process exits.
'use strict';
const { spawn } = require('child_process');
const readline = require('readline');

const COLORS = [36, 32, 33, 35, 34, 96, 92, 93, 95, 94];
const live = new Set();
let colorIndex = 0;
let labelWidth = 13;

function paint(text, color, stream) {
  return stream.isTTY && !process.env.NO_COLOR ? `\x1b[${color}m${text}\x1b[0m` : text;
}

/** Copies every line of `source` to `target`, prefixed with `label |`. */
function pipeLines(source, target, label, color) {
  if (!source) return;
  const rl = readline.createInterface({ input: source, crlfDelay: Infinity });
  rl.on('line', (line) => target.write(`${paint(label.padEnd(labelWidth) + ' |', color, target)} ${line}\n`));
}

/** Writes one prefixed line (used for the stack's own messages and for postgres' log callback). */
function logLine(label, text, stream = process.stdout) {
  for (const line of String(text).replace(/\n+$/, '').split('\n')) {
    stream.write(`${paint(label.padEnd(labelWidth) + ' |', 1, stream)} ${line}\n`);
  }
}

/**
 * Spawns `command args` with stdout/stderr prefixed by `name`. Children get their own process
 * group (detached) so a terminal Ctrl-C reaches only us and we can stop them in order.
 * Returns { name, child, pid, exited: Promise<{code, signal}>, running(), stop(timeoutMs) }.
 */
function spawnManaged(name, command, args, options = {}) {
  const { env = process.env, cwd = process.cwd(), quiet = false, uid, gid } = options;
  const color = COLORS[colorIndex++ % COLORS.length];
  const child = spawn(command, args, {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', quiet ? 'ignore' : 'pipe', quiet ? 'ignore' : 'pipe'],
    ...(uid !== undefined ? { uid, gid } : {}),
  });
  const handle = {
    name,
    child,
    pid: child.pid,
    exitInfo: null,
    stopSignal: options.stopSignal || 'SIGTERM',
    lastResortSignal: options.lastResortSignal || 'SIGKILL',
  };
  live.add(handle);
  handle.exited = new Promise((resolve) => {
    let settled = false;
    const settle = (info) => {
      if (settled) return;
      settled = true;
      handle.exitInfo = info;
      live.delete(handle);
      resolve(info);
    };
    child.once('exit', (code, signal) => settle({ code, signal }));
    child.once('error', (error) => settle({ code: null, signal: null, error }));
  });
  pipeLines(child.stdout, process.stdout, name, color);
  pipeLines(child.stderr, process.stderr, name, color);
  handle.running = () => handle.exitInfo === null;
  handle.stop = (timeoutMs = 10000) => stopChild(handle, timeoutMs);
  return handle;
}

function signal(handle, sig) {
  try {
    handle.child.kill(sig);
  } catch {
    /* already gone */
  }
}

/** Resolves true if the process exited within ms. */
async function exitedWithin(handle, ms) {
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const result = await Promise.race([handle.exited.then(() => true), timeout]);
  clearTimeout(timer);
  return result;
}

/**
 * Sends the handle's stop signal (SIGTERM unless told otherwise), then its last-resort signal
 * after timeoutMs, then SIGKILL 5 s later. Resolves with { code, signal } once the process is gone.
 */
async function stopChild(handle, timeoutMs = 10000) {
  if (!handle.running()) return handle.exitInfo;
  signal(handle, handle.stopSignal);
  if (await exitedWithin(handle, timeoutMs)) return handle.exitInfo;
  logLine(
    'dev-stack',
    `${handle.name} did not stop within ${timeoutMs} ms, sending ${handle.lastResortSignal}`,
    process.stderr,
  );
  signal(handle, handle.lastResortSignal);
  if (handle.lastResortSignal !== 'SIGKILL' && !(await exitedWithin(handle, 5000))) signal(handle, 'SIGKILL');
  return handle.exited;
}

/** Processes started through spawnManaged that are still running. */
function liveChildren() {
  return [...live];
}

/** Registered once: when node exits for any reason, whatever child is left gets SIGKILL. */
process.once('exit', () => {
  for (const handle of live) {
    signal(handle, handle.lastResortSignal);
  }
});

function setLabelWidth(width) {
  labelWidth = Math.max(labelWidth, width);
}

module.exports = { spawnManaged, stopChild, liveChildren, logLine, setLabelWidth };
