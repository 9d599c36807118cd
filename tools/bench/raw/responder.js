// The bare responder of the raw baseline: one NATS subscription, one pg pool, no framework.
// RAW_MODE=read: one indexed SELECT by primary key (the work of GET /me without the frameworks);
// RAW_MODE=insert: one INSERT (the database work of accepting one SMS, without the frameworks);
// RAW_MODE=bulk: one INSERT … unnest of RAW_ROWS rows (accepting a campaign, without the frameworks).
'use strict';
const crypto = require('crypto');
const { nkeyAuthenticator, connect, JSONCodec } = require('nats');
const { Pool } = require('pg');

const { NATS_URL, DATABASE_URL, RAW_SUBJECT, RAW_MODE = 'read', RAW_ROWS = '10000' } = process.env;
const jc = JSONCodec();

async function prepare(pool) {
  await pool.query('CREATE SCHEMA IF NOT EXISTS bench_raw');
  await pool.query(
    'CREATE TABLE IF NOT EXISTS bench_raw.users (id uuid PRIMARY KEY, email text NOT NULL, first_name text, last_name text)',
  );
  await pool.query(
    'CREATE TABLE IF NOT EXISTS bench_raw.messages (id uuid PRIMARY KEY, account_id uuid NOT NULL, recipient text NOT NULL, text text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
  );
  const id = crypto.randomUUID();
  await pool.query('INSERT INTO bench_raw.users VALUES ($1, $2, $3, $4)', [id, `${id}@example.com`, 'Raw', 'Bench']);
  return id;
}

async function main() {
  const pool = new Pool({ connectionString: DATABASE_URL, max: 10 });
  const userId = await prepare(pool);
  const nc = await connect({
    servers: NATS_URL,
    name: 'bench-raw-responder',
    // The stack's NATS wants a user: the benchmark's (harness) seed from the environment.
    ...(process.env.NATS_NKEY_SEED
      ? { authenticator: nkeyAuthenticator(new TextEncoder().encode(process.env.NATS_NKEY_SEED)) }
      : {}),
  });
  const sub = nc.subscribe(RAW_SUBJECT, { queue: 'bench-raw' });
  process.stdout.write('ready\n');
  const rows = Number(RAW_ROWS);
  for await (const msg of sub) {
    const work =
      RAW_MODE === 'bulk'
        ? pool
            .query(
              `INSERT INTO bench_raw.messages (id, account_id, recipient, text)
               SELECT gen_random_uuid(), $1, r, 'raw baseline' FROM unnest($2::text[]) AS r`,
              [userId, Array.from({ length: rows }, (_, i) => `+3933${String(i).padStart(8, '0')}`)],
            )
            .then(() => ({ accepted: rows }))
        : RAW_MODE === 'insert'
          ? pool
              .query('INSERT INTO bench_raw.messages (id, account_id, recipient, text) VALUES ($1, $2, $3, $4)', [
                crypto.randomUUID(),
                userId,
                '+393331234567',
                'raw baseline',
              ])
              .then(() => ({ accepted: 1 }))
          : pool
              .query('SELECT id, email, first_name, last_name FROM bench_raw.users WHERE id = $1', [userId])
              .then((r) => r.rows[0]);
    work.then(
      (body) => msg.respond(jc.encode(body)),
      (err) => msg.respond(jc.encode({ error: String(err) })),
    );
  }
}

main().catch((err) => {
  process.stderr.write(`raw responder failed: ${err.stack || err}\n`);
  process.exit(1);
});
