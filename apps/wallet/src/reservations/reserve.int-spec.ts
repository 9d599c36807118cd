import { eventually, testNatsPrefix } from '@sms/testing';
import { INestMicroservice } from '@nestjs/common';
import { loadEnv } from '@sms/config';
import {
  Actor,
  CreditSubAccountCommand,
  RemoteProblemError,
  ReservationResult,
  WalletEvents,
  WalletRpc,
} from '@sms/contracts';
import { EventPublisher, eventsStreamName } from '@sms/events';
import { createServiceApp, RpcClient, connectWhenReachable } from '@sms/nats';
import { natsAuthOptions } from '@sms/nats-auth';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { contentHash } from '../ledger/ledger.types';
import { PurchaseService } from '../purchases/purchase.service';
import { SubAccountCreditsService } from '../sub-accounts/sub-account-credits.service';
import { WalletEnv } from '../wallet-env';
import { WalletModule } from '../wallet.module';
import { RESERVE_SQL, reserveParams, ReserveRow } from './reserve.statement';

/**
 * The reserve command (one auto-committed statement) over NATS, as messaging calls it. Runs
 * its own wallet on its own database; its NATS prefix is its own, as for every int-spec file.
 */
describe('reserve (one statement): idempotency, who pays, never below zero', () => {
  let wallet: INestMicroservice;
  let rpc: RpcClient;
  let ds: DataSource;

  const reserve = (cmd: {
    reservationId: string;
    accountId: string;
    credits: number;
    messages?: number;
    notAfter?: string;
  }) => rpc.send(WalletRpc.reserve, { messages: cmd.credits, ...cmd }, 20_000);
  const problemOf = async (p: Promise<unknown>): Promise<{ status: number; code?: string }> => {
    try {
      await p;
    } catch (err) {
      if (err instanceof RemoteProblemError) return { status: err.problem.status, code: err.problem.code };
      throw err;
    }
    throw new Error('expected a problem, got a result');
  };
  const balance = async (accountId: string) =>
    Number((await ds.query(`SELECT balance FROM wallet.wallets WHERE account_id = $1`, [accountId]))[0].balance);
  /** Every row a reservation id can leave behind: transfer, entries, reservation, events. */
  const rowsOf = async (id: string) => {
    const [r] = await ds.query(
      `SELECT (SELECT count(*) FROM wallet.transfers WHERE id = $1)::int AS transfers,
              (SELECT count(*) FROM wallet.entries WHERE transfer_id = $1)::int AS entries,
              (SELECT count(*) FROM wallet.reservations WHERE id = $1)::int AS reservations,
              (SELECT count(*) FROM wallet.outbox WHERE payload->'data'->>'transferId' = $1::text)::int AS events`,
      [id],
    );
    return r as { transfers: number; entries: number; reservations: number; events: number };
  };
  const nothing = { transfers: 0, entries: 0, reservations: 0, events: 0 };
  const once = { transfers: 1, entries: 2, reservations: 1, events: 1 };

  /** A funded owner account, credited the way billing does it (ledger-consistent). */
  async function ownerWith(credits: number): Promise<string> {
    const accountId = randomUUID();
    const purchases = wallet.get(PurchaseService);
    await ds.transaction((em) =>
      purchases.applyInvoicePaid(em, {
        invoiceId: randomUUID(),
        invoiceNumber: 'reserve-int',
        accountId,
        smsCount: credits,
        paidAt: new Date().toISOString(),
      }),
    );
    return accountId;
  }

  /** A sub-account row and its wallet as the creation saga leaves them (no identity needed here). */
  async function subAccountOf(parentAccountId: string, unlimited: boolean): Promise<string> {
    const id = randomUUID();
    await ds.transaction(async (em) => {
      await em.query(`INSERT INTO wallet.wallets (account_id) VALUES ($1)`, [id]);
      await em.query(
        `INSERT INTO wallet.sub_accounts (id, parent_account_id, name, manager_user_id, manager_first_name,
           manager_last_name, manager_email, unlimited)
         VALUES ($1, $2, 'Office', $3, 'M', 'N', $4, $5)`,
        [id, parentAccountId, randomUUID(), `m.${id}@example.com`, unlimited],
      );
    });
    return id;
  }

  // The run's database is a test database (sms_int_test_…): this one is named after it.
  const runDatabaseUrl = new URL(process.env.DATABASE_URL!);
  const database = `${runDatabaseUrl.pathname.slice(1)}_reserve`;
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: runDatabaseUrl.toString() });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };

  beforeAll(async () => {
    const env = loadEnv(WalletEnv);
    await admin(`CREATE DATABASE "${database}"`);
    const url = new URL(runDatabaseUrl);
    url.pathname = `/${database}`;
    env.DATABASE_URL = url.toString();
    // The PostgreSQL server is shared (max_connections 100): 8 connections still put 8 callers
    // on the hot row at once, and leave room for the other spec's wallet and other runs.
    env.DATABASE_POOL_SIZE = 8;
    wallet = await createServiceApp({
      natsPrefix: testNatsPrefix(),
      service: 'wallet',
      module: WalletModule.register(env),
      natsUrl: env.NATS_URL,
      logLevel: 'warn',
    });
    await wallet.listen();
    ds = wallet.get(DataSource);
    rpc = new RpcClient({
      prefix: testNatsPrefix(),
      natsUrl: env.NATS_URL,
      timeoutMs: 20_000,
      name: 'reserve-int-test',
    });
    await rpc.connect();
  });

  afterAll(async () => {
    await rpc?.close();
    await wallet?.close();
    // The events stream of this file's prefix: the run's teardown only knows the run's own.
    const nc = await connectWhenReachable({ servers: process.env.NATS_URL, ...natsAuthOptions() });
    await (await nc.jetstreamManager()).streams.delete(eventsStreamName(testNatsPrefix())).catch(() => undefined);
    await nc.drain();
    await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  it('writes the transfer, its two entries, the reservation and the balance-changed event together', async () => {
    const owner = await ownerWith(100);
    const id = randomUUID();
    await expect(reserve({ reservationId: id, accountId: owner, credits: 30, messages: 3 })).resolves.toEqual({
      reservationId: id,
      debitedAccountId: owner,
      credits: 30,
      balanceAfter: 70,
    });
    expect(await balance(owner)).toBe(70);
    const [t] = await ds.query(
      `SELECT kind, from_account_id, to_book, credits, content_hash FROM wallet.transfers WHERE id = $1`,
      [id],
    );
    expect(t).toEqual({
      kind: 'reserve',
      from_account_id: owner,
      to_book: 'reservations',
      credits: '30',
      content_hash: contentHash('reserve', owner, 30, 3),
    });
    const entries = await ds.query(
      `SELECT account_id, book, amount, balance_after FROM wallet.entries WHERE transfer_id = $1 ORDER BY amount`,
      [id],
    );
    expect(entries).toEqual([
      { account_id: owner, book: null, amount: '-30', balance_after: '70' },
      { account_id: null, book: 'reservations', amount: '30', balance_after: null },
    ]);
    const [r] = await ds.query(
      `SELECT account_id, debited_account_id, credits, messages FROM wallet.reservations WHERE id = $1`,
      [id],
    );
    expect(r).toEqual({ account_id: owner, debited_account_id: owner, credits: '30', messages: 3 });
    const [event] = await ds.query(
      `SELECT type, payload FROM wallet.outbox WHERE payload->'data'->>'transferId' = $1`,
      [id],
    );
    expect(event.type).toBe(WalletEvents.balanceChanged.type);
    expect(event.payload).toMatchObject({
      type: WalletEvents.balanceChanged.type,
      accountId: owner,
      data: { accountId: owner, transferId: id, kind: 'reserve', cause: 'reserve', before: 100, after: 70 },
    });
  });

  it('answers a repeated id with the first result and moves nothing; the same id with other content is 409', async () => {
    const owner = await ownerWith(100);
    const other = await ownerWith(100);
    const id = randomUUID();
    const first = await reserve({ reservationId: id, accountId: owner, credits: 10 });
    await reserve({ reservationId: randomUUID(), accountId: owner, credits: 5 });
    // The replay answers the balance right after the first attempt, not today's.
    await expect(reserve({ reservationId: id, accountId: owner, credits: 10 })).resolves.toEqual(first);
    expect(first.balanceAfter).toBe(90);
    expect(await balance(owner)).toBe(85);
    expect(await rowsOf(id)).toEqual(once);
    for (const changed of [
      { reservationId: id, accountId: owner, credits: 11 },
      { reservationId: id, accountId: owner, credits: 10, messages: 2 },
      { reservationId: id, accountId: other, credits: 10 },
    ]) {
      await expect(problemOf(reserve(changed))).resolves.toEqual({ status: 409, code: 'transfer-id-conflict' });
    }
    expect(await balance(owner)).toBe(85);
    expect(await balance(other)).toBe(100);
    expect(await rowsOf(id)).toEqual(once);
  });

  it('refuses a short balance and an account without a wallet with 422, writing nothing (the id stays free)', async () => {
    const owner = await ownerWith(5);
    const id = randomUUID();
    await expect(problemOf(reserve({ reservationId: id, accountId: owner, credits: 6 }))).resolves.toEqual({
      status: 422,
      code: 'insufficient-credits',
    });
    expect(await balance(owner)).toBe(5);
    expect(await rowsOf(id)).toEqual(nothing);
    await expect(
      problemOf(reserve({ reservationId: randomUUID(), accountId: randomUUID(), credits: 1 })),
    ).resolves.toEqual({
      status: 422,
      code: 'insufficient-credits',
    });
    // Nothing was claimed: the same id goes through once the balance covers it.
    await expect(reserve({ reservationId: id, accountId: owner, credits: 5 })).resolves.toMatchObject({
      balanceAfter: 0,
    });
    expect(await rowsOf(id)).toEqual(once);
  });

  it('refuses a reservation that arrives after its deadline, writing nothing, but replays one made in time', async () => {
    const accountId = await ownerWith(100);
    const late = randomUUID();
    const past = new Date(Date.now() - 1000).toISOString();
    expect(await problemOf(reserve({ reservationId: late, accountId, credits: 5, notAfter: past }))).toEqual({
      status: 422,
      code: 'reservation-expired',
    });
    expect(await rowsOf(late)).toEqual(nothing);
    expect(await balance(accountId)).toBe(100);

    const inTime = randomUUID();
    const future = new Date(Date.now() + 60_000).toISOString();
    const first = await reserve({ reservationId: inTime, accountId, credits: 5, notAfter: future });
    await expect(reserve({ reservationId: inTime, accountId, credits: 5, notAfter: past })).resolves.toEqual(first);
    expect(await balance(accountId)).toBe(95);
  });

  it('debits an unlimited sub-account’s parent and a limited one’s own wallet; a deactivated one is 422', async () => {
    const owner = await ownerWith(100);
    const unlimited = await subAccountOf(owner, true);
    const limited = await subAccountOf(owner, false);
    const actor: Actor = { userId: randomUUID(), accountId: owner, role: 'owner' };
    const credit: CreditSubAccountCommand = { actor, subAccountId: limited, body: { credits: 20 } };
    await wallet.get(SubAccountCreditsService).credit(credit);

    const viaParent = randomUUID();
    await expect(reserve({ reservationId: viaParent, accountId: unlimited, credits: 15 })).resolves.toEqual({
      reservationId: viaParent,
      debitedAccountId: owner,
      credits: 15,
      balanceAfter: 65,
    });
    expect([await balance(owner), await balance(unlimited)]).toEqual([65, 0]);
    const [event] = await ds.query(`SELECT payload FROM wallet.outbox WHERE payload->'data'->>'transferId' = $1`, [
      viaParent,
    ]);
    expect(event.payload).toMatchObject({ accountId: owner, data: { accountId: owner, before: 80, after: 65 } });
    const [r] = await ds.query(`SELECT account_id, debited_account_id FROM wallet.reservations WHERE id = $1`, [
      viaParent,
    ]);
    expect(r).toEqual({ account_id: unlimited, debited_account_id: owner });

    await expect(reserve({ reservationId: randomUUID(), accountId: limited, credits: 20 })).resolves.toMatchObject({
      debitedAccountId: limited,
      balanceAfter: 0,
    });
    // The parent still holds 65, but a limited sub-account spends only its own.
    await expect(problemOf(reserve({ reservationId: randomUUID(), accountId: limited, credits: 1 }))).resolves.toEqual({
      status: 422,
      code: 'insufficient-credits',
    });

    await ds.query(`UPDATE wallet.sub_accounts SET active = false WHERE id = $1`, [unlimited]);
    const refused = randomUUID();
    await expect(problemOf(reserve({ reservationId: refused, accountId: unlimited, credits: 1 }))).resolves.toEqual({
      status: 422,
      code: 'sub-account-inactive',
    });
    expect(await rowsOf(refused)).toEqual(nothing);
    expect(await balance(owner)).toBe(65);
    // A retry of what was reserved before the deactivation still answers its first result.
    await expect(reserve({ reservationId: viaParent, accountId: unlimited, credits: 15 })).resolves.toMatchObject({
      debitedAccountId: owner,
      balanceAfter: 65,
    });
  });

  it('one hot wallet, 16 concurrent callers, each id sent twice: exactly what the balance covers, each once', async () => {
    const owner = await ownerWith(50);
    const ids = Array.from({ length: 80 }, () => randomUUID());
    const calls = ids.flatMap((id) => [id, id]);
    const answers = new Map<string, (ReservationResult | number)[]>();
    let next = 0;
    const worker = async () => {
      while (next < calls.length) {
        const id = calls[next++];
        const answer = await reserve({ reservationId: id, accountId: owner, credits: 1 }).catch((err: unknown) => {
          if (err instanceof RemoteProblemError && err.problem.code === 'insufficient-credits') return 422;
          throw err;
        });
        answers.set(id, [...(answers.get(id) ?? []), answer]);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));

    for (const [, pair] of answers) expect(pair[1]).toEqual(pair[0]);
    const succeeded = [...answers.values()].map((pair) => pair[0]).filter((a): a is ReservationResult => a !== 422);
    expect(succeeded).toHaveLength(50);
    // Every success saw its own balance: 49 … 0, none twice, none below zero.
    expect(succeeded.map((a) => a.balanceAfter).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(await balance(owner)).toBe(0);
    const [counts] = await ds.query(
      `SELECT count(*)::int AS transfers, min(e.balance_after)::int AS lowest
       FROM wallet.transfers t JOIN wallet.entries e ON e.transfer_id = t.id AND e.account_id IS NOT NULL
       WHERE t.kind = 'reserve' AND t.from_account_id = $1`,
      [owner],
    );
    expect(counts).toEqual({ transfers: 50, lowest: 0 });
  });

  it('group commit: 300 reserves at once on one hot wallet, mixed sizes and neighbours that fail — each its own answer, never below zero, fewer transactions than reserves', async () => {
    const owner = await ownerWith(1000);
    const other = await ownerWith(100);
    const replayed = randomUUID();
    const first = await reserve({ reservationId: replayed, accountId: owner, credits: 4 });
    const start = 996;
    const sizes = Array.from({ length: 300 }, (_, i) => 1 + ((i * 7) % 10));
    const fresh = sizes.map((credits) => ({ reservationId: randomUUID(), accountId: owner, credits }));
    const outcome = (p: Promise<ReservationResult>) =>
      p.then(
        (r) => r as ReservationResult | { status: number; code?: string },
        (err: unknown) => {
          if (err instanceof RemoteProblemError) return { status: err.problem.status, code: err.problem.code };
          throw err;
        },
      );
    // Neighbours in the same bursts: a replay, the same id with other content, an account without a wallet.
    const [answers, replays, conflicts, noWallet] = await Promise.all([
      Promise.all(fresh.map((cmd) => outcome(reserve(cmd)))),
      Promise.all(
        Array.from({ length: 5 }, () => outcome(reserve({ reservationId: replayed, accountId: owner, credits: 4 }))),
      ),
      Promise.all(
        Array.from({ length: 3 }, () => outcome(reserve({ reservationId: replayed, accountId: other, credits: 4 }))),
      ),
      Promise.all(
        Array.from({ length: 3 }, () =>
          outcome(reserve({ reservationId: randomUUID(), accountId: randomUUID(), credits: 1 })),
        ),
      ),
    ]);
    expect(replays).toEqual(Array(5).fill(first));
    expect(conflicts).toEqual(Array(3).fill({ status: 409, code: 'transfer-id-conflict' }));
    expect(noWallet).toEqual(Array(3).fill({ status: 422, code: 'insufficient-credits' }));

    const ok: { credits: number; balanceAfter: number }[] = [];
    const refused: number[] = [];
    answers.forEach((a, i) => {
      if ('status' in a) {
        expect(a).toEqual({ status: 422, code: 'insufficient-credits' });
        refused.push(fresh[i].credits);
      } else {
        expect(a).toEqual({
          ...a,
          reservationId: fresh[i].reservationId,
          debitedAccountId: owner,
          credits: fresh[i].credits,
        });
        ok.push({ credits: a.credits, balanceAfter: a.balanceAfter });
      }
    });
    const final = await balance(owner);
    expect(final).toBeGreaterThanOrEqual(0);
    expect(ok.reduce((n, a) => n + a.credits, 0)).toBe(start - final);
    // Each success saw its own balance: ordered by it, they chain from 996 down to the final balance.
    ok.sort((x, y) => y.balanceAfter - x.balanceAfter);
    let before = start;
    for (const a of ok) {
      expect(a.balanceAfter).toBe(before - a.credits);
      before = a.balanceAfter;
    }
    expect(before).toBe(final);
    // Balances only fall here: a refused reserve asked for more than was ever left after it.
    for (const credits of refused) expect(credits).toBeGreaterThan(final);
    expect(refused.length).toBeGreaterThan(0);
    // The ledger agrees (entries chain, one event each) and the reserves shared transactions.
    const [ledger] = await ds.query(
      `SELECT count(*)::int AS transfers, count(DISTINCT t.xmin::text)::int AS transactions,
              min(e.balance_after)::int AS lowest,
              count(DISTINCT e.balance_after)::int AS distinct_balances,
              (SELECT count(*)::int FROM wallet.outbox o
                WHERE o.payload->'data'->>'accountId' = $2 AND o.payload->'data'->>'kind' = 'reserve') AS events
         FROM wallet.transfers t JOIN wallet.entries e ON e.transfer_id = t.id AND e.account_id IS NOT NULL
        WHERE t.kind = 'reserve' AND t.from_account_id = $1`,
      [owner, owner],
    );
    expect(ledger).toMatchObject({
      transfers: ok.length + 1,
      lowest: final,
      distinct_balances: ok.length + 1,
      events: ok.length + 1,
    });
    expect(ledger.transactions).toBeLessThan(ledger.transfers);
    const verification = await rpc.send(WalletRpc.verify, {}, 60_000);
    expect(verification.problems).toEqual([]);
  });

  describe('a first attempt with the same id still in flight', () => {
    /** Runs the first attempt in an open transaction, sends the second, finishes the first once the second waits. */
    async function race(
      finish: 'commit' | 'rollback',
      second: { accountId: string; credits: number },
      first: { accountId: string; credits: number },
    ) {
      const id = randomUUID();
      const runner = ds.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        const [{ pid }] = await runner.query(`SELECT pg_backend_pid() AS pid`);
        const hash = contentHash('reserve', first.accountId, first.credits, first.credits);
        const [firstRow]: ReserveRow[] = await runner.query(
          RESERVE_SQL,
          reserveParams(
            {
              reservationId: id,
              accountId: first.accountId,
              credits: first.credits,
              messages: first.credits,
              contentHash: hash,
            },
            new EventPublisher(ds, { schema: 'wallet', natsPrefix: testNatsPrefix() }),
          ),
        );
        const answer = problemOrResult(reserve({ reservationId: id, ...second }));
        await eventually('the second attempt waiting for the first', async () => {
          const [w] = await ds.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`,
            [pid],
          );
          return w.n > 0;
        });
        if (finish === 'commit') await runner.commitTransaction();
        else await runner.rollbackTransaction();
        return { id, firstRow, answer: await answer };
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    }
    const problemOrResult = (p: Promise<ReservationResult>) =>
      p.catch((err: unknown) => {
        if (err instanceof RemoteProblemError) return { status: err.problem.status, code: err.problem.code };
        throw err;
      });

    it('commits: the second waited on the row, then answers the first result and moves nothing', async () => {
      const owner = await ownerWith(100);
      const { id, firstRow, answer } = await race(
        'commit',
        { accountId: owner, credits: 7 },
        { accountId: owner, credits: 7 },
      );
      expect(firstRow.balanceAfter).toBe('93');
      expect(answer).toEqual({ reservationId: id, debitedAccountId: owner, credits: 7, balanceAfter: 93 });
      expect(await balance(owner)).toBe(93);
      expect(await rowsOf(id)).toEqual(once);
    });

    it('commits with other content: the second (another payer) is 409 and its debit is undone', async () => {
      const owner = await ownerWith(100);
      const other = await ownerWith(100);
      const { id, answer } = await race('commit', { accountId: other, credits: 7 }, { accountId: owner, credits: 7 });
      expect(answer).toEqual({ status: 409, code: 'transfer-id-conflict' });
      expect([await balance(owner), await balance(other)]).toEqual([93, 100]);
      expect(await rowsOf(id)).toEqual(once);
    });

    it('rolls back: the second goes ahead as the only one', async () => {
      const owner = await ownerWith(100);
      const { id, answer } = await race('rollback', { accountId: owner, credits: 7 }, { accountId: owner, credits: 7 });
      expect(answer).toEqual({ reservationId: id, debitedAccountId: owner, credits: 7, balanceAfter: 93 });
      expect(await balance(owner)).toBe(93);
      expect(await rowsOf(id)).toEqual(once);
    });
  });

  it('refundBatch: each refund once by id in one call; a repeat answers its first result, one too big or unknown is refused alone', async () => {
    const a = await ownerWith(100);
    const b = await ownerWith(50);
    const ra = randomUUID();
    const rb = randomUUID();
    await reserve({ reservationId: ra, accountId: a, credits: 10, messages: 5 });
    await reserve({ reservationId: rb, accountId: b, credits: 6, messages: 3 });
    // rb is settled: its refund comes back from the consumed book.
    await rpc.send(WalletRpc.settleBatch, { reservationIds: [rb] }, 20_000);
    const [r0, r1, r2, tooBig, unknown] = Array.from({ length: 5 }, () => randomUUID());
    const first = await rpc.send(
      WalletRpc.refundBatch,
      {
        refunds: [
          { refundId: r0, reservationId: ra, credits: 2, messages: 1 },
          { refundId: r1, reservationId: ra, credits: 2, messages: 1 },
          { refundId: r2, reservationId: rb, credits: 2, messages: 1 },
          { refundId: r0, reservationId: ra, credits: 2, messages: 1 },
          { refundId: tooBig, reservationId: ra, credits: 7, messages: 1 },
          { refundId: unknown, reservationId: randomUUID(), credits: 1, messages: 0 },
        ],
      },
      20_000,
    );
    expect(first.refunded).toEqual([
      { refundId: r0, credits: 2, balanceAfter: 92 },
      { refundId: r1, credits: 2, balanceAfter: 94 },
      { refundId: r2, credits: 2, balanceAfter: 46 },
    ]);
    expect(first.refused.map((r) => [r.refundId, r.status, r.code])).toEqual([
      [tooBig, 422, 'refund-exceeds-reservation'],
      [unknown, 404, 'not-found'],
    ]);
    expect(await balance(a)).toBe(94);
    expect(await balance(b)).toBe(46);
    const refundRows = { transfers: 1, entries: 2, reservations: 0, events: 1 };
    for (const id of [r0, r1, r2]) expect(await rowsOf(id)).toEqual(refundRows);
    for (const id of [tooBig, unknown]) expect(await rowsOf(id)).toEqual(nothing);
    const books: { book: string; amount: string }[] = await ds.query(
      `SELECT book, amount FROM wallet.entries WHERE transfer_id = ANY($1::uuid[]) AND book IS NOT NULL ORDER BY book`,
      [[r0, r2]],
    );
    expect(books).toEqual([
      { book: 'consumed', amount: '-2' },
      { book: 'reservations', amount: '-2' },
    ]);

    // Again: the first results, nothing moves; the same id with other content is a 409.
    const again = await rpc.send(
      WalletRpc.refundBatch,
      {
        refunds: [
          { refundId: r0, reservationId: ra, credits: 2, messages: 1 },
          { refundId: r1, reservationId: ra, credits: 3, messages: 1 },
        ],
      },
      20_000,
    );
    expect(again.refunded).toEqual([{ refundId: r0, credits: 2, balanceAfter: 92 }]);
    expect(again.refused.map((r) => [r.refundId, r.status, r.code])).toEqual([[r1, 409, 'transfer-id-conflict']]);
    // The one-refund call agrees with the batch.
    expect(
      await rpc.send(WalletRpc.refund, { refundId: r2, reservationId: rb, credits: 2, messages: 1 }, 20_000),
    ).toEqual({ refundId: r2, credits: 2, balanceAfter: 46 });
    expect(await balance(a)).toBe(94);
    expect(await balance(b)).toBe(46);
    const [held] = await ds.query(
      `SELECT refunded_credits::int AS credits, refunded_messages AS messages FROM wallet.reservations WHERE id = $1`,
      [ra],
    );
    expect(held).toEqual({ credits: 4, messages: 2 });
  });

  it('never deletes a wallet (ledger rows refer to it without a foreign key), and the ledger verifies clean', async () => {
    const owner = await ownerWith(10);
    await expect(ds.query(`DELETE FROM wallet.wallets WHERE account_id = $1`, [owner])).rejects.toThrow(
      /never deleted/,
    );
    expect(await balance(owner)).toBe(10);
    const verification = await rpc.send(WalletRpc.verify, {}, 60_000);
    expect(verification.problems).toEqual([]);
    expect(verification.ok).toBe(true);
  });
});
