import { BillingEvents, WalletRpc, AnyRpc, CommandOf } from '@sms/contracts';
import { createEnvelope, eventSubject } from '@sms/events';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { ACTOR_ASSERTION_HEADER, ActorAssertionSigner, natsAuthOptions } from '@sms/nats-auth';
import { ErrorCode, headers, NatsConnection, NatsError } from 'nats';
import { Client } from 'pg';
import { eventually, testNatsPrefix } from '@sms/testing';
import { connectWhenReachable } from '@sms/nats';

/**
 * Issue 10 item 9, proven on the compiled wallet as it runs in production (its own process,
 * `npm run build` first): 200 requests in flight when it gets SIGTERM are all answered, no new
 * request is taken meanwhile, and the outbox relay and consumers stop before PostgreSQL closes.
 */
const REPO_ROOT = path.resolve(__dirname, '../../..');
const IN_FLIGHT = 200;

interface LogLine {
  msg?: string;
  inFlight?: number;
  answered?: number;
}

/** The wallet process and the JSON lines it has written so far. */
class WalletProcess {
  readonly lines: LogLine[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private buffer = '';
  private output = '';

  constructor(env: Record<string, string>) {
    const main = path.join(REPO_ROOT, 'dist/apps/wallet/src/main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
    this.child = spawn(process.execPath, ['-r', path.join(REPO_ROOT, 'dist/tools/runtime/register-aliases.js'), main], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.output += chunk.toString();
      this.buffer += chunk.toString();
      const parts = this.buffer.split('\n');
      this.buffer = parts.pop() ?? '';
      for (const part of parts) {
        try {
          this.lines.push(JSON.parse(part) as LogLine);
        } catch {
          // not a log line
        }
      }
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  signal(sig: NodeJS.Signals): void {
    this.child.kill(sig);
  }

  indexOf(msg: string): number {
    return this.lines.findIndex((l) => l.msg === msg);
  }

  /** Waits for a log line (a positive signal), failing early with the output if the process died. */
  async waitForLine(msg: string, timeoutMs = 60_000): Promise<LogLine> {
    return eventually(
      `"${msg}" in the wallet's log`,
      () => {
        const line = this.lines.find((l) => l.msg === msg);
        if (line) return line;
        if (!this.running && this.indexOf(msg) < 0) throw new Error(`wallet exited before "${msg}":\n${this.output}`);
        return undefined;
      },
      timeoutMs,
    );
  }

  kill(): void {
    if (this.running) this.child.kill('SIGKILL');
  }
}

describe('graceful shutdown of a service (wallet process, SIGTERM)', () => {
  const runDatabaseUrl = new URL(process.env.DATABASE_URL!);
  const database = `${runDatabaseUrl.pathname.slice(1)}_shutdown`;
  const databaseUrl = new URL(runDatabaseUrl);
  databaseUrl.pathname = `/${database}`;
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: runDatabaseUrl.toString() });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  let nc: NatsConnection;
  let pg: Client;
  let wallet: WalletProcess;

  /** A Nest request over NATS; resolves with the reply packet ({response} or {err}). */
  /** Raw Nest-format request (not RpcClient): the test needs NATS's own errors (no responders). */
  async function request<D extends AnyRpc>(
    operation: D,
    data: CommandOf<D>,
    timeoutMs = 120_000,
  ): Promise<{ response?: unknown; err?: unknown }> {
    const packet = new TextEncoder().encode(JSON.stringify({ pattern: operation.subject, data, id: randomUUID() }));
    const subject = `${process.env.NATS_PREFIX ?? ''}${operation.subject}`;
    // As the gateway would: its assertion over the request (the run's signing key).
    const h = headers();
    h.set(
      ACTOR_ASSERTION_HEADER,
      ActorAssertionSigner.fromText(process.env.ACTOR_ASSERTION_SIGNING_KEY!).sign(operation.service, subject, packet),
    );
    const msg = await nc.request(subject, packet, { timeout: timeoutMs, headers: h });
    return JSON.parse(new TextDecoder().decode(msg.data)) as { response?: unknown; err?: unknown };
  }

  const balance = async (accountId: string): Promise<number | undefined> => {
    const { rows } = await pg.query('SELECT balance FROM wallet.wallets WHERE account_id = $1', [accountId]);
    return rows.length ? Number(rows[0].balance) : undefined;
  };

  beforeAll(async () => {
    await admin(`CREATE DATABASE "${database}"`);
    nc = await connectWhenReachable({ servers: process.env.NATS_URL, ...natsAuthOptions() });
    wallet = new WalletProcess({
      DATABASE_URL: databaseUrl.toString(),
      NATS_URL: process.env.NATS_URL!,
      NATS_PREFIX: process.env.NATS_PREFIX!,
      LOG_LEVEL: 'info',
      DATABASE_POOL_SIZE: '5',
    });
    await wallet.waitForLine('wallet service listening on NATS');
    pg = new Client({ connectionString: databaseUrl.toString() });
    await pg.connect();
  });

  afterAll(async () => {
    wallet?.kill();
    await pg?.end();
    await nc?.drain();
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  it(`answers all ${IN_FLIGHT} requests in flight at SIGTERM, takes no new one, and closes PostgreSQL last`, async () => {
    // A funded account, credited the way billing does it: an invoice-paid event on the stream.
    const accountId = randomUUID();
    const paid = createEnvelope(
      BillingEvents.invoicePaid,
      {
        invoiceId: randomUUID(),
        invoiceNumber: 'shutdown-int',
        accountId,
        smsCount: 1000,
        paidAt: new Date().toISOString(),
      },
      { accountId },
    );
    await nc.jetstream().publish(eventSubject(paid.type, testNatsPrefix()), JSON.stringify(paid), { msgID: paid.id });
    await eventually('the purchase credited', async () => (await balance(accountId)) === 1000);

    // Every reserve needs the account's row lock, held here: they all stay in flight.
    await pg.query('BEGIN');
    await pg.query('SELECT balance FROM wallet.wallets WHERE account_id = $1 FOR UPDATE', [accountId]);
    const ids = Array.from({ length: IN_FLIGHT }, () => randomUUID());
    const replies = ids.map((reservationId) =>
      request(WalletRpc.reserve, { reservationId, accountId, credits: 1, messages: 1 }),
    );
    // The server has routed every request to the wallet once our PINGs come back.
    await nc.flush();

    wallet.signal('SIGTERM');
    const stopped = await wallet.waitForLine('stopped taking requests; answering those in flight');
    expect(stopped.inFlight).toBe(IN_FLIGHT);
    // A request sent now finds nobody: the closing wallet no longer takes any.
    const late = await request(
      WalletRpc.reserve,
      { reservationId: randomUUID(), accountId, credits: 1, messages: 1 },
      10_000,
    ).then(
      () => 'answered',
      (err: unknown) => (err instanceof NatsError ? err.code : String(err)),
    );
    expect(late).toBe(ErrorCode.NoResponders);
    // Still waiting for the requests in hand, with its database open.
    expect(wallet.running).toBe(true);
    expect(wallet.indexOf('database connections closed')).toBe(-1);
    await pg.query('COMMIT');

    const answers = await Promise.all(replies);
    expect(answers).toHaveLength(IN_FLIGHT);
    expect(answers.filter((a) => a.err !== undefined && a.err !== null)).toEqual([]);
    const balances = answers.map((a) => (a.response as { balanceAfter: number }).balanceAfter).sort((a, b) => a - b);
    expect(balances).toEqual(Array.from({ length: IN_FLIGHT }, (_, i) => 1000 - IN_FLIGHT + i));

    expect(await wallet.exited).toBe(0);
    expect(await balance(accountId)).toBe(1000 - IN_FLIGHT);
    const { rows } = await pg.query(
      `SELECT count(*)::int AS reservations,
              (SELECT count(*)::int FROM wallet.outbox WHERE published_at IS NULL) AS unpublished
       FROM wallet.reservations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    // Every answered request's event left through the relay before the process exited.
    expect(rows[0]).toEqual({ reservations: IN_FLIGHT, unpublished: 0 });

    const order = [
      'every request in flight answered',
      'event consumers and outbox relay stopped',
      'database connections closed',
      'wallet stopped',
    ].map((msg) => wallet.indexOf(msg));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(wallet.lines.find((l) => l.msg === 'every request in flight answered')?.answered).toBe(IN_FLIGHT);
  }, 180_000);
});
