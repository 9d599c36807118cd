import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { withSingletonLock } from './singleton-lock';

/**
 * Two replicas of a once-per-system worker (each its own pool, like two processes) sweep one
 * table of units of work; each pass takes every undone unit, calls a slow "remote" for it and
 * marks it done, the way messaging's settlement and wallet's saga sweeper do. Under the
 * singleton lock each unit is handed to the remote exactly once.
 */
describe('withSingletonLock: two replicas of a worker against one database', () => {
  const schema = `singleton_${randomBytes(4).toString('hex')}`;
  const pools: DataSource[] = [];

  const open = async (): Promise<DataSource> => {
    const ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, extra: { max: 4 } });
    await ds.initialize();
    pools.push(ds);
    return ds;
  };

  beforeAll(async () => {
    const ds = await open();
    await ds.query(`CREATE SCHEMA ${schema}`);
    await ds.query(`CREATE TABLE ${schema}.units (id int PRIMARY KEY, done_at timestamptz)`);
  });

  afterAll(async () => {
    await pools[0]?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await Promise.all(pools.map((p) => p.destroy()));
  });

  /** One replica's loop: passes until `stop()`, counting each unit it handed to the remote. */
  function replica(ds: DataSource, calls: Map<number, number>, useLock: boolean) {
    let stopped = false;
    const pass = async (): Promise<void> => {
      const due: { id: number }[] = await ds.query(`SELECT id FROM ${schema}.units WHERE done_at IS NULL ORDER BY id`);
      for (const { id } of due) {
        calls.set(id, (calls.get(id) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 2)); // the remote call
        await ds.query(`UPDATE ${schema}.units SET done_at = now() WHERE id = $1`, [id]);
      }
    };
    const loop = (async () => {
      while (!stopped) {
        if (useLock) await withSingletonLock(ds, `${schema}:sweep`, pass);
        else await pass();
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    return async () => {
      stopped = true;
      await loop;
    };
  }

  async function run(useLock: boolean): Promise<Map<number, number>> {
    const [a, b] = [pools[0], await open()];
    await a.query(`TRUNCATE ${schema}.units`);
    const calls = new Map<number, number>();
    const stops = [replica(a, calls, useLock), replica(b, calls, useLock)];
    // Work keeps arriving while both replicas sweep.
    for (let batch = 0; batch < 10; batch++) {
      await a.query(`INSERT INTO ${schema}.units (id) SELECT g FROM generate_series($1::int, $2::int) g`, [
        batch * 20 + 1,
        batch * 20 + 20,
      ]);
      await new Promise((r) => setTimeout(r, 30));
    }
    const deadline = Date.now() + 60_000;
    while ((await a.query(`SELECT 1 FROM ${schema}.units WHERE done_at IS NULL LIMIT 1`)).length > 0) {
      if (Date.now() > deadline) throw new Error('units still undone after 60 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all(stops.map((stop) => stop()));
    return calls;
  }

  it('hands each unit of work to the remote exactly once', async () => {
    const calls = await run(true);
    expect(calls.size).toBe(200);
    expect([...calls.values()].filter((n) => n !== 1)).toEqual([]);
  });

  it('(the same two replicas without the lock do some units twice: the test can fail)', async () => {
    const calls = await run(false);
    expect(calls.size).toBe(200);
    expect([...calls.values()].some((n) => n > 1)).toBe(true);
  });

  it('lets the other replica take over once the holder is done', async () => {
    const [a, b] = [pools[0], await open()];
    let release!: () => void;
    const held = withSingletonLock(a, `${schema}:takeover`, () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 100));
    await expect(withSingletonLock(b, `${schema}:takeover`, async () => 'b')).resolves.toEqual({ ran: false });
    release();
    await expect(held).resolves.toEqual({ ran: true, value: undefined });
    await expect(withSingletonLock(b, `${schema}:takeover`, async () => 'b')).resolves.toEqual({
      ran: true,
      value: 'b',
    });
  });

  it('survives its lock connection being terminated mid-pass (PostgreSQL restarting) and frees the lock', async () => {
    const ds = pools[0];
    const name = `${schema}:terminated`;
    const holder = `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
                     AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`;
    const pass = await withSingletonLock(ds, name, async () => {
      const rows: { pid: number }[] = await ds.query(holder, [`singleton:${name}`]);
      expect(rows).toHaveLength(1);
      await ds.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      // The cut reaches the idle lock connection while the pass is still running.
      const deadline = Date.now() + 30_000;
      while ((await ds.query(holder, [`singleton:${name}`])).length > 0) {
        if (Date.now() > deadline) throw new Error('the terminated connection still holds the lock');
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 100));
      return 'finished';
    });
    expect(pass).toEqual({ ran: true, value: 'finished' });
    await expect(withSingletonLock(ds, name, async () => 'again')).resolves.toEqual({ ran: true, value: 'again' });
  });
});
