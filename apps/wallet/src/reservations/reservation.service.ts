import { creditsRefunded } from '@sms/metrics';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  NotFoundError,
  RefundReservationCommand,
  RefundReservationsCommand,
  RefundReservationsResult,
  RefundResult,
  ReservationResult,
  ReserveCreditsCommand,
  SettleReservationCommand,
  SettleReservationsCommand,
  SettleReservationsResult,
  SettleResult,
} from '@sms/contracts';
import { EntityManager } from 'typeorm';
import { EventPublisher } from '@sms/events';
import { LedgerTx } from '../ledger/ledger-tx';
import { isUniqueViolation, returning } from '@sms/database';
import { LedgerRepository } from '../ledger/ledger.repository';
import { contentHash, TransferSpec } from '../ledger/ledger.types';
import { uuidV5 } from '../ledger/uuid-v5';
import {
  InsufficientCreditsError,
  RefundExceedsReservationError,
  ReservationExpiredError,
  SubAccountInactiveError,
  TransferIdConflictError,
} from '../ledger/wallet.errors';
import { RefundBatch } from './refund-batch';
import { ReserveBatcher } from './reserve-batcher';
import { PRIOR_SQL, PriorRow, RESERVE_SQL, reserveParams, ReserveRow } from './reserve.statement';
import { ReservationRepository } from './reservation.repository';

/** Messaging's interface: reserve credits for a campaign, settle them, refund part of them. */
@Injectable()
export class ReservationService {
  private readonly repo = new ReservationRepository();
  private readonly logger = new Logger(ReservationService.name);

  constructor(
    private readonly tx: LedgerTx,
    private readonly ledger: LedgerRepository,
    private readonly batcher: ReserveBatcher,
    private readonly refunds: RefundBatch,
    @Inject(EventPublisher) private readonly events: EventPublisher,
  ) {}

  /**
   * Wallet → reservations book. Concurrent reserves are group-committed (ReserveBatcher: one
   * transaction, one UPDATE per payer for the lot); what a batch does not apply, and a lone
   * request, runs as one auto-committed statement (see RESERVE_SQL): the
   * payer lookup, the idempotency check, the conditional debit, the transfer, its entries,
   * the reservation and the balance-changed event all commit together or not at all.
   */
  async reserve(cmd: ReserveCreditsCommand): Promise<ReservationResult> {
    const hash = contentHash('reserve', cmd.accountId, cmd.credits, cmd.messages);
    const input = { ...cmd, contentHash: hash };
    if (cmd.notAfter && Date.now() > Date.parse(cmd.notAfter)) {
      // Too late to apply; a reservation made in time is still answered as a replay.
      const [prior] = await this.tx.statement<PriorRow>('wallet-reserve-prior', PRIOR_SQL, [cmd.reservationId]);
      if (prior) return this.replay(cmd, hash, prior);
      throw new ReservationExpiredError();
    }
    const batched = await this.batcher.reserve(input);
    if (batched) return this.reserved(cmd, batched.debitedAccountId, batched.balanceAfter);
    for (let attempt = 1; ; attempt++) {
      let row: ReserveRow;
      try {
        [row] = await this.tx.statement<ReserveRow>('wallet-reserve', RESERVE_SQL, reserveParams(input, this.events));
      } catch (err) {
        // A first attempt with this id committed after this statement's snapshot: nothing of
        // ours was written; running again sees it and answers its result (or a 409).
        if (attempt < 3 && (isUniqueViolation(err, 'transfers_pkey') || isUniqueViolation(err, 'reservations_pkey')))
          continue;
        throw err;
      }
      if (row.debitedAccountId !== null) {
        this.tx.committed();
        return this.reserved(cmd, row.debitedAccountId, row.balanceAfter);
      }
      if (row.priorKind !== null) return this.replay(cmd, hash, row);
      // Refused. A first attempt with this id that committed after this statement's snapshot
      // may have taken the very credits found missing: its result is the answer, not a 422.
      const [late] = await this.tx.statement<PriorRow>('wallet-reserve-prior', PRIOR_SQL, [cmd.reservationId]);
      if (late) return this.replay(cmd, hash, late);
      // No wallet yet: the account never received a credit.
      if (!row.hasWallet) throw new InsufficientCreditsError();
      if (row.active === false) throw new SubAccountInactiveError();
      throw new InsufficientCreditsError();
    }
  }

  /** A retry: the first attempt's result, even if the payer changed since; other content is a 409. */
  private replay(cmd: ReserveCreditsCommand, hash: string, prior: PriorRow): ReservationResult {
    if (prior.priorKind !== 'reserve' || prior.priorHash !== hash || prior.priorDebitedAccountId === null)
      throw new TransferIdConflictError(cmd.reservationId);
    return this.reserved(cmd, prior.priorDebitedAccountId, prior.priorBalanceAfter);
  }

  private reserved(
    cmd: ReserveCreditsCommand,
    debitedAccountId: string,
    balanceAfter: string | null,
  ): ReservationResult {
    return {
      reservationId: cmd.reservationId,
      debitedAccountId,
      credits: cmd.credits,
      balanceAfter: Number(balanceAfter),
    };
  }

  /** Reservations book → consumed book for what is still held; once per reservation. */
  settle(cmd: SettleReservationCommand): Promise<SettleResult> {
    return this.tx.run(async (em) => {
      const r = await this.lockReservation(em, cmd.reservationId);
      if (r.settledCredits !== null) return { reservationId: r.id, settledCredits: r.settledCredits };
      const held = r.credits - r.refundedCredits;
      if (held > 0) {
        await this.ledger.claim(em, {
          id: uuidV5(`settle:${r.id}`),
          kind: 'settle',
          from: { book: 'reservations' },
          to: { book: 'consumed' },
          credits: held,
          contentHash: contentHash('settle', r.id),
          reservationId: r.id,
        });
      }
      await this.repo.markSettled(em, r.id, held);
      return { reservationId: r.id, settledCredits: held };
    });
  }

  /**
   * Many settles in ONE transaction (messaging settles what one tick found dispatched): the
   * reservations locked in id order, one multi-row insert of the settle transfers and their
   * book entries, one UPDATE of the reservations. Same result per id as `settle` (a settled one
   * answers its first figure; no wallet balance moves, so no event); unknown ids are listed.
   */
  settleBatch(cmd: SettleReservationsCommand): Promise<SettleReservationsResult> {
    const ids = [...new Set(cmd.reservationIds)];
    return this.tx.run(async (em) => {
      const rows: { id: string; credits: string; refundedCredits: string; settledCredits: string | null }[] =
        await this.repo.lockForSettle(em, ids);
      const found = new Set(rows.map((r) => r.id));
      const settled: SettleResult[] = [];
      const open: { id: string; held: number }[] = [];
      for (const r of rows) {
        if (r.settledCredits !== null) settled.push({ reservationId: r.id, settledCredits: Number(r.settledCredits) });
        else open.push({ id: r.id, held: Number(r.credits) - Number(r.refundedCredits) });
      }
      const moving = open.filter((r) => r.held > 0);
      if (moving.length > 0) {
        await this.repo.insertSettleTransfers(
          em,
          moving.map((r) => uuidV5(`settle:${r.id}`)),
          moving.map((r) => r.held),
          moving.map((r) => contentHash('settle', r.id)),
          moving.map((r) => r.id),
        );
      }
      if (open.length > 0) {
        await this.repo.markSettledMany(
          em,
          open.map((r) => r.id),
          open.map((r) => r.held),
        );
      }
      for (const r of open) settled.push({ reservationId: r.id, settledCredits: r.held });
      return { settled, notFound: ids.filter((id) => !found.has(id)) };
    });
  }

  /**
   * Gives credits back to the wallet that paid: from the reservations book while the
   * reservation is open, from the consumed book once settled (failed or expired receipts).
   * The total refunded never exceeds the reservation (conditional update + CHECK).
   */
  async refund(cmd: RefundReservationCommand): Promise<RefundResult> {
    let fresh = false;
    const result = await this.tx.run(async (em) => {
      fresh = false;
      const r = await this.lockReservation(em, cmd.reservationId);
      const t: TransferSpec = {
        id: cmd.refundId,
        kind: 'refund',
        from: { book: r.settledCredits === null ? 'reservations' : 'consumed' },
        to: { account: r.debitedAccountId },
        credits: cmd.credits,
        contentHash: contentHash('refund', cmd.reservationId, cmd.credits, cmd.messages),
        reservationId: r.id,
      };
      const claim = await this.ledger.claim(em, t);
      if (!claim.fresh) {
        return {
          refundId: t.id,
          credits: cmd.credits,
          balanceAfter: await this.ledger.balanceAfter(em, t.id, r.debitedAccountId),
        };
      }
      const updated = returning(await this.repo.addRefund(em, r.id, cmd.credits, cmd.messages));
      if (updated.length === 0) throw new RefundExceedsReservationError();
      const move = await this.ledger.moveWallet(em, t, r.debitedAccountId, cmd.credits);
      if (!move) throw new Error(`wallet ${r.debitedAccountId} of reservation ${r.id} is missing`);
      fresh = true;
      return { refundId: t.id, credits: cmd.credits, balanceAfter: move.after };
    });
    // Committed, and not a replay of an earlier refund.
    if (fresh) creditsRefunded.inc(cmd.credits);
    return result;
  }

  /** Many refunds in one transaction (RefundBatch), each with the answer `refund` would give it. */
  refundBatch(cmd: RefundReservationsCommand): Promise<RefundReservationsResult> {
    return this.refunds.apply(cmd.refunds, (one) => this.refund(one));
  }

  private async lockReservation(em: EntityManager, id: string) {
    const rows: {
      id: string;
      debitedAccountId: string;
      credits: string;
      refundedCredits: string;
      settledCredits: string | null;
    }[] = await this.repo.lock(em, id);
    if (!rows[0]) throw new NotFoundError('Reservation');
    const r = rows[0];
    return {
      id: r.id,
      debitedAccountId: r.debitedAccountId,
      credits: Number(r.credits),
      refundedCredits: Number(r.refundedCredits),
      settledCredits: r.settledCredits === null ? null : Number(r.settledCredits),
    };
  }
}
