// How much slower than an idle machine this one is right now: the 1-minute load average per core,
// clamped to 1-3. The client's deadlines and the settle waits are multiplied by it, so a loaded
// (shared CI) machine is not taken for a broken system. What catches a broken one does not scale:
// the gave-up bound, the minimum successes, a gateway's 503s (they are answers, not timeouts).
import * as os from 'node:os';

const MAX = 3;

export function slowness(): number {
  const perCore = os.loadavg()[0] / Math.max(1, os.cpus().length);
  return Math.min(MAX, Math.max(1, perCore));
}

/** `ms` scaled by the current slowness, rounded. */
export function scaled(ms: number): number {
  return Math.round(ms * slowness());
}
