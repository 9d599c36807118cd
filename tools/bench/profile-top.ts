#!/usr/bin/env node
// Top frames of V8 CPU profiles (`node --cpu-prof`, e.g. `npm run bench -- send --cpu-prof`):
// `node dist/tools/bench/profile-top.js <dir or .cpuprofile…> [--top N] [--all]`. Only the samples of the
// bench's measured window when it wrote window.json beside the profiles (--all: the whole process). For each profile: the app
// (guessed from the dist/apps/<app> scripts it ran), total sampled time, the top frames by self
// time and the top packages/files by self time (where the CPU goes, grouped).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { ProfileWindowFile, WindowEntry } from './profiling';

/** The parts of a .cpuprofile (V8's Profiler.Profile) read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

function files(args: string[]): string[] {
  return args.flatMap((a) =>
    statSync(a).isDirectory()
      ? readdirSync(a)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => path.join(a, f))
      : [a],
  );
}

/** node_modules/<pkg>, dist/<apps|libs>/<name>, node:internal, or (program)/(gc)/(idle). */
function group(url: string): string {
  if (!url) return '(native/V8)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const d = /dist\/((?:apps|libs)\/[^/]+)/.exec(url);
  if (d) return d[1];
  if (url.startsWith('node:')) return 'node core';
  return path.basename(url);
}

/** The bench's measured window for this profile's process (window.json beside it, keyed by pid), if any. */
function windowOf(file: string): WindowEntry | null {
  const w = path.join(path.dirname(file), 'window.json');
  const pid = /\.(\d+)\.\d+\.\d+\.cpuprofile$/.exec(file);
  if (!pid || !existsSync(w)) return null;
  return (JSON.parse(readFileSync(w, 'utf8')) as ProfileWindowFile)[pid[1]] ?? null;
}

const add = (m: Map<string, number>, key: string, us: number): void => {
  m.set(key, (m.get(key) ?? 0) + us);
};

function summarise(file: string, top: number, all: boolean): string {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const win = all ? null : windowOf(file);
  let t = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] || 0;
    t += dt;
    if (win && (t < win.fromMs * 1000 || t > (win.toMs ?? Infinity) * 1000)) continue;
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + dt);
  }
  const frames = new Map<string, number>();
  const groups = new Map<string, number>();
  let app = '?';
  let total = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const cf = n.callFrame;
    const m = /dist\/apps\/([^/]+)\//.exec(cf.url);
    if (m) app = m[1];
    else if (app === '?' && win && win.app) app = win.app;
    if (cf.functionName === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    const key = `${cf.functionName || '(anonymous)'} ${cf.url ? `${group(cf.url)}:${path.basename(cf.url)}:${cf.lineNumber + 1}` : ''}`;
    add(frames, key, us);
    add(groups, cf.url ? group(cf.url) : cf.functionName, us);
  }
  const pct = (us: number): string => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
  const span = win
    ? `, measured window ${(win.fromMs / 1000).toFixed(1)}–${win.toMs === null ? '?' : (win.toMs / 1000).toFixed(1)} s after start`
    : '';
  const lines = [
    `== ${app} (${path.basename(file)}): ${(total / 1e6).toFixed(1)} s busy, ${(idle / 1e6).toFixed(1)} s idle${span}`,
  ];
  lines.push('  by package/file:');
  for (const [g, us] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`    ${pct(us)}  ${g}`);
  lines.push('  top frames (self):');
  for (const [k, us] of [...frames].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`    ${pct(us)}  ${k}`);
  return lines.join('\n');
}

const args = process.argv.slice(2);
const ti = args.indexOf('--top');
const top = ti >= 0 ? Number(args.splice(ti, 2)[1]) : 12;
const ai = args.indexOf('--all');
const all = ai >= 0 && args.splice(ai, 1).length > 0;
for (const f of files(args)) console.log(summarise(f, top, all));
