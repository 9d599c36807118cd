// Repositories own SQL (issue 11 item 5): a `.query(` (or `.query<T>(`) call in the TypeScript
// of apps/ and libs/ belongs in a `*.repository.ts`; migrations, tests and the short list below
// are the only exceptions. A new call elsewhere fails this test with its file:line.
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SCANNED = ['apps', 'libs'];

/** Where `.query(` may stay, each with why moving it would make no sense. Keep it short. */
const WHITELIST: { prefix: string; reason: string }[] = [
  {
    prefix: 'libs/database/src/',
    reason: 'the data-access layer itself: schema bootstrap, idempotency keys, singleton lock, health ping',
  },
  { prefix: 'libs/events/src/', reason: 'the outbox/inbox/relay library is the data-access layer of its own tables' },
  { prefix: 'libs/testing/src/', reason: 'test harness: creates and drops the per-run test databases' },
  {
    prefix: 'apps/wallet/src/ledger/ledger-tx.ts',
    reason: 'runs the named prepared statements of reservations/*.statement.ts',
  },
];

/** Files that are not production code: migrations, specs, test harnesses (`src/testing/`) and the e2e app. */
function isExempt(rel: string): boolean {
  return (
    rel.endsWith('.repository.ts') ||
    /\.(spec|int-spec|e2e-spec)\.ts$/.test(rel) ||
    rel.includes('/migrations/') ||
    rel.includes('/src/testing/') ||
    rel.startsWith('apps/e2e/')
  );
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(full));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** `file:line` of every `.query(` / `.query<…>(` call, comments left out. */
function queryCalls(rel: string, source: string): string[] {
  const found: string[] = [];
  source.split('\n').forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '');
    if (/^\s*\*/.test(code)) return; // a JSDoc line
    if (/\.query\s*[<(]/.test(code)) found.push(`${rel}:${i + 1}`);
  });
  return found;
}

function offenders(): string[] {
  const found: string[] = [];
  for (const top of SCANNED) {
    for (const file of tsFiles(path.join(ROOT, top))) {
      const rel = path.relative(ROOT, file).split(path.sep).join('/');
      if (isExempt(rel) || WHITELIST.some((w) => rel.startsWith(w.prefix))) continue;
      found.push(...queryCalls(rel, fs.readFileSync(file, 'utf8')));
    }
  }
  return found;
}

describe('repositories own SQL', () => {
  it('no .query( outside *.repository.ts, migrations, tests and the whitelist', () => {
    // Move the call into a repository of the same module (libs/database README: "Adding a query").
    expect(offenders()).toEqual([]);
  });

  it('the scan sees a call, a generic call and a multi-line call, and skips comments', () => {
    const src = [
      'await this.ds.query(`SELECT 1`);',
      'const { rows } = await pool.query<Row>({ text });',
      'await em',
      '  .query(`SELECT 2`);',
      '// em.query(`in a comment`)',
      ' * ds.query( in a doc comment',
      'this.querySomething();',
    ].join('\n');
    expect(queryCalls('apps/x/src/a.ts', src)).toEqual(['apps/x/src/a.ts:1', 'apps/x/src/a.ts:2', 'apps/x/src/a.ts:4']);
  });

  it('every whitelist entry still exists and has a reason', () => {
    for (const w of WHITELIST) {
      expect(fs.existsSync(path.join(ROOT, w.prefix))).toBe(true);
      expect(w.reason.length).toBeGreaterThan(10);
    }
  });
});
