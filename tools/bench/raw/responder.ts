// The bare responder of the raw baseline: one NATS subscription, one pg pool, no framework.
// RAW_MODE=read: one indexed SELECT by primary key (the work of GET /me without the frameworks);
// RAW_MODE=insert: one INSERT (the database work of accepting one SMS, without the frameworks);
// RAW_MODE=bulk: one INSERT … unnest of RAW_ROWS rows (accepting a campaign, without the frameworks).
import { randomUUID } from 'node:crypto';
import { JSONCodec } from 'nats';
import { Pool } from 'pg';
import { connectRaw, failed, type RawMode, required } from './raw-env';

const jc = JSONCodec();

async function prepare(pool: Pool): Promise<string> {
  await pool.query('CREATE SCHEMA IF NOT EXISTS bench_raw');
  await pool.query(
    'CREATE TABLE IF NOT EXISTS bench_raw.users (id uuid PRIMARY KEY, email text NOT NULL, first_name text, last_name text)',
  );
  await pool.query(
    'CREATE TABLE IF NOT EXISTS bench_raw.messages (id uuid PRIMARY KEY, account_id uuid NOT NULL, recipient text NOT NULL, text text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
  );
  const id = randomUUID();
  await pool.query('INSERT INTO bench_raw.users VALUES ($1, $2, $3, $4)', [id, `${id}@example.com`, 'Raw', 'Bench']);
  return id;
}

/** The database work of one request in `mode`, resolving the reply body. */
function work(pool: Pool, mode: RawMode, userId: string, rows: number): Promise<unknown> {
  switch (mode) {
    case 'bulk':
      return pool
        .query(
          `INSERT INTO bench_raw.messages (id, account_id, recipient, text)
           SELECT gen_random_uuid(), $1, r, 'raw baseline' FROM unnest($2::text[]) AS r`,
          [userId, Array.from({ length: rows }, (_, i) => `+3933${String(i).padStart(8, '0')}`)],
        )
        .then(() => ({ accepted: rows }));
    case 'insert':
      return pool
        .query('INSERT INTO bench_raw.messages (id, account_id, recipient, text) VALUES ($1, $2, $3, $4)', [
          randomUUID(),
          userId,
          '+393331234567',
          'raw baseline',
        ])
        .then(() => ({ accepted: 1 }));
    case 'read':
      return pool
        .query('SELECT id, email, first_name, last_name FROM bench_raw.users WHERE id = $1', [userId])
        .then((r) => r.rows[0] as unknown);
  }
}

function modeFrom(raw: string | undefined): RawMode {
  const mode = raw || 'read';
  if (mode !== 'read' && mode !== 'insert' && mode !== 'bulk')
    throw new Error(`RAW_MODE ${mode}: read, insert or bulk`);
  return mode;
}

async function main(): Promise<void> {
  const mode = modeFrom(process.env.RAW_MODE);
  const rows = Number(process.env.RAW_ROWS || 10_000);
  const pool = new Pool({ connectionString: required('DATABASE_URL'), max: 10 });
  const userId = await prepare(pool);
  const nc = await connectRaw('bench-raw-responder');
  const sub = nc.subscribe(required('RAW_SUBJECT'), { queue: 'bench-raw' });
  process.stdout.write('ready\n');
  for await (const msg of sub) {
    work(pool, mode, userId, rows).then(
      (body) => msg.respond(jc.encode(body)),
      (err: unknown) => msg.respond(jc.encode({ error: String(err) })),
    );
  }
}

main().catch(failed('raw responder'));
