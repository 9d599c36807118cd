// What the run saw besides the API: PostgreSQL connections in use (the server may be shared with
// other test runs; running out of them turns into 500s) and, afterwards, the apps' logs
// (error lines per app, database connection refusals).
'use strict';
const fs = require('fs');
const path = require('path');

/** Samples pg_stat_activity every intervalMs; stop() resolves { mine, total, max } peaks. */
function watchConnections(db, database, intervalMs = 2000) {
  const peak = { mine: 0, total: 0, max: 0 };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const row = await db.one(
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

/** Per app log: { errors, pgTooManyClients } line counts. */
function scanLogs(logDir) {
  const out = {};
  for (const file of fs.readdirSync(logDir).filter((f) => f.endsWith('.log'))) {
    const counts = { errors: 0, pgTooManyClients: 0 };
    for (const line of fs.readFileSync(path.join(logDir, file), 'utf8').split('\n')) {
      for (const [k, re] of Object.entries(PATTERNS)) if (re.test(line)) counts[k]++;
    }
    out[file.replace(/\.log$/, '')] = counts;
  }
  return out;
}

module.exports = { watchConnections, scanLogs };
