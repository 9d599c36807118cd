// `--cpu-prof`: V8 CPU profiles of every app, and the measured window of the run beside them, so that
// profile-top.ts counts only the samples of that window (not start-up).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../runtime/paths';
import type { BenchStack } from './harness';
import { log } from './log';

/** One app's part of window.json: its age (ms since it started) when the measured part began and ended. */
export interface WindowEntry {
  app: string;
  fromMs: number;
  toMs: number | null;
}
/** window.json: pid → WindowEntry. */
export type ProfileWindowFile = Record<string, WindowEntry>;

let profileDir: string | null = null;

/**
 * `--cpu-prof` in args → node args making every app write a V8 CPU profile into
 * tmp/bench-profiles/<ts>/ when the stack stops (`node dist/tools/bench/profile-top.js <dir>` summarises).
 */
export function cpuProfArgs(args: string[]): string[] {
  if (!args.includes('--cpu-prof')) return [];
  const dir = path.join(REPO_ROOT, 'tmp', 'bench-profiles', new Date().toISOString().replace(/\D/g, '').slice(0, 14));
  mkdirSync(dir, { recursive: true });
  log(`CPU profiles of the apps go to ${dir} (written when the stack stops)`);
  profileDir = dir;
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

/** ms since the process started (Linux /proc), or null. */
export function processAgeMs(pid: number): number | null {
  try {
    const startTicks = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19]);
    const uptimeS = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    return Math.round(uptimeS * 1000 - startTicks * 10); // USER_HZ = 100
  } catch {
    return null;
  }
}

/**
 * The measured part of a run, for the profiles: `begin()` and `end()` record each app's age, and
 * `end()` writes `window.json` beside the profiles. No-op without --cpu-prof.
 */
export function profileWindow(stack: Pick<BenchStack, 'apps'>): { begin(): void; end(): void } {
  const from = new Map<number, number | null>();
  return {
    begin() {
      for (const h of stack.apps.handles) from.set(h.pid, processAgeMs(h.pid));
    },
    end() {
      if (!profileDir) return;
      const window: ProfileWindowFile = {};
      for (const h of stack.apps.handles) {
        const fromMs = from.get(h.pid);
        if (fromMs != null) window[h.pid] = { app: h.name, fromMs, toMs: processAgeMs(h.pid) };
      }
      writeFileSync(path.join(profileDir, 'window.json'), JSON.stringify(window, null, 2));
    },
  };
}
