// What every check gets: the database, the traffic's records and world, the mail counter, the API
// (owners logged in again, since tokens may have expired) and a violation collector.
'use strict';
const { request } = require('../http');

class CheckContext {
  constructor({ db, traffic, mails, apiUrl, natsUrl, natsPrefix, features, rng }) {
    Object.assign(this, { db, traffic, mails, apiUrl, natsUrl, natsPrefix, features, rng });
    this.violations = [];
    this.notes = [];
  }

  /** Records a violation; `samples` (ids, rows) are kept short in the report. */
  violation(check, message, samples) {
    const v = { check, message };
    if (samples && samples.length) v.samples = samples.slice(0, 5);
    this.violations.push(v);
  }

  note(check, message) {
    this.notes.push({ check, message });
  }

  /** GET with retries; throws when no definitive 200 comes back. */
  async get(path, who) {
    const res = await request(
      this.apiUrl,
      { method: 'GET', path, token: who.token },
      { rng: this.rng, giveUpMs: 30000, onUnauthorized: () => this.traffic.relogin(who) },
    );
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status || res.error}`);
    return res.body;
  }

  /** Every item of a keyset-paginated list. */
  async getAll(path, who) {
    const items = [];
    let cursor = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page = await this.get(
        `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        who,
      );
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }
}

/** Groups rows by a key into a Map of arrays. */
function groupBy(rows, key) {
  const map = new Map();
  for (const row of rows) {
    const k = typeof key === 'function' ? key(row) : row[key];
    if (!map.has(k)) map.set(k, []);
    map.get(k).push(row);
  }
  return map;
}

module.exports = { CheckContext, groupBy };
