import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { ExitInfo, SupervisedProcess } from './supervised-process';

/** A node child running `script`; it prints "ready" once its handlers are installed. */
function nodeChild(script: string, extra: Partial<ConstructorParameters<typeof SupervisedProcess>[0]> = {}) {
  return new SupervisedProcess({
    name: 'child',
    command: process.execPath,
    args: ['-e', script],
    output: { kind: 'pipe' },
    ...extra,
  });
}

function firstLine(p: SupervisedProcess): Promise<string> {
  const stdout = p.child?.stdout;
  if (!stdout) throw new Error('no stdout');
  return new Promise((resolve) => createInterface({ input: stdout }).once('line', resolve));
}

const IDLE = `console.log('ready'); setInterval(() => undefined, 1000);`;
const DEAF = `process.on('SIGTERM', () => console.log('ignored')); ${IDLE}`;

describe('SupervisedProcess', () => {
  const started: SupervisedProcess[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((p) => p.kill9()));
  });
  const track = (p: SupervisedProcess) => (started.push(p), p);

  it('stops with SIGTERM and reports the exit as planned', async () => {
    const exits: Array<[ExitInfo, boolean]> = [];
    const p = track(nodeChild(IDLE, { onExit: (info, planned) => exits.push([info, planned]) }));
    p.start();
    await firstLine(p);
    const info = await p.stop(60_000);
    expect(info?.signal).toBe('SIGTERM');
    expect(p.running()).toBe(false);
    expect(exits).toEqual([[expect.objectContaining({ signal: 'SIGTERM' }), true]]);
  });

  it('sends the last-resort signal to a child that ignores SIGTERM, and says so', async () => {
    const notices: string[] = [];
    const p = track(nodeChild(DEAF, { log: (m) => notices.push(m) }));
    p.start();
    await firstLine(p);
    const info = await p.stop(300);
    expect(info?.signal).toBe('SIGKILL');
    expect(notices).toEqual([expect.stringContaining('did not stop within 300 ms, sending SIGKILL')]);
  });

  it('reports an exit nobody asked for as unplanned, and starts again', async () => {
    const exits: boolean[] = [];
    const p = track(
      nodeChild(`console.log('ready'); setTimeout(() => process.exit(3), 10);`, {
        onExit: (_i, planned) => exits.push(planned),
      }),
    );
    p.start();
    expect((await p.exited)?.code).toBe(3);
    expect(exits).toEqual([false]);
    const pid = p.start();
    expect(pid).toBe(p.pid);
    expect((await p.exited)?.code).toBe(3);
    expect(p.starts).toBe(2);
  });

  it('kill9 ends the process at once and refuses a second start while running', async () => {
    const p = track(nodeChild(DEAF));
    p.start();
    expect(() => p.start()).toThrow('already running');
    await firstLine(p);
    expect((await p.kill9())?.signal).toBe('SIGKILL');
    expect(await p.kill9()).toBeNull();
  });

  it('appends its output to a log file with a banner per start', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'supervisor-'));
    try {
      const file = path.join(dir, 'child.log');
      const p = track(
        nodeChild(`console.log('hello')`, { output: { kind: 'file', path: file, banner: (n) => `== start ${n}\n` } }),
      );
      p.start();
      await p.exited;
      p.start();
      await p.exited;
      expect(readFileSync(file, 'utf8')).toBe('== start 1\nhello\n== start 2\nhello\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a spawn failure as an exit with the error', async () => {
    const p = track(new SupervisedProcess({ name: 'missing', command: '/nonexistent/binary', args: [] }));
    p.start();
    const info = await p.exited;
    expect(info?.error?.message).toContain('ENOENT');
    expect(p.running()).toBe(false);
  });
});
