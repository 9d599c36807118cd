// What the run saw besides the API: PostgreSQL connections in use (the server may be shared with
// other test runs; running out of them turns into 500s) and, afterwards, the apps' logs
// (error lines per app, database connection refusals).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Db } from './db';

export interface ConnectionPeak {
  mine: number;
  total: number;
  max: number;
}

/** Samples pg_stat_activity every intervalMs; stop() resolves { mine, total, max } peaks. */
export function watchConnections(db: Db, database: string, intervalMs = 2000): { stop: () => Promise<ConnectionPeak> } {
  const peak: ConnectionPeak = { mine: 0, total: 0, max: 0 };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const row = await db.one<ConnectionPeak>(
          `SELECT count(*) FILTER (WHERE datname = $1)::int AS mine, count(*)::int AS total,
                  current_setting('max_connections')::int AS max FROM pg_stat_activity`,
          [database],
        );
        peak.mine = Math.max(peak.mine, row.mine);
        peak.total = Math.max(peak.total, row.total);
        peak.max = row.max;
      } catch {
        /* the sample is best effort */
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return peak;
    },
  };
}

const PATTERNS = {
  errors: /"level":"error"/,
  pgTooManyClients: /too many clients|remaining connection slots/,
};

export type LogCounts = Record<keyof typeof PATTERNS, number>;

/** Per app log: { errors, pgTooManyClients } line counts. */
export function scanLogs(logDir: string): Record<string, LogCounts> {
  const out: Record<string, LogCounts> = {};
  for (const file of fs.readdirSync(logDir).filter((f) => f.endsWith('.log'))) {
    const counts: LogCounts = { errors: 0, pgTooManyClients: 0 };
    for (const line of fs.readFileSync(path.join(logDir, file), 'utf8').split('\n')) {
      for (const k of Object.keys(PATTERNS) as (keyof typeof PATTERNS)[]) if (PATTERNS[k].test(line)) counts[k]++;
    }
    out[file.replace(/\.log$/, '')] = counts;
  }
  return out;
}
