import { Injectable, Logger } from '@nestjs/common';
import {
  NotFoundError,
  RefundReservationCommand,
  RefundResult,
  ReservationResult,
  ReserveCreditsCommand,
  SettleReservationCommand,
  SettleResult,
} from '@sms/contracts';
import { EntityManager } from 'typeorm';
import { LedgerTx } from '../ledger/ledger-tx';
import { returning } from '@sms/database';
import { LedgerRepository } from '../ledger/ledger.repository';
import { contentHash, TransferSpec } from '../ledger/ledger.types';
import { uuidV5 } from '../ledger/uuid-v5';
import {
  InsufficientCreditsError,
  RefundExceedsReservationError,
  SubAccountInactiveError,
} from '../ledger/wallet.errors';

interface Payer {
  debitedAccountId: string;
}

/** Messaging's interface: reserve credits for a campaign, settle them, refund part of them. */
@Injectable()
export class ReservationService {
  private readonly logger = new Logger(ReservationService.name);

  constructor(
    private readonly tx: LedgerTx,
    private readonly ledger: LedgerRepository,
  ) {}

  /**
   * Wallet → reservations book. The balance's row lock is taken by the last statement, so
   * it is held only for that statement and the commit.
   */
  reserve(cmd: ReserveCreditsCommand): Promise<ReservationResult> {
    return this.tx.run(async (em) => {
      const payer = await this.payerOf(em, cmd.accountId);
      const t: TransferSpec = {
        id: cmd.reservationId,
        kind: 'reserve',
        from: { account: payer.debitedAccountId },
        to: { book: 'reservations' },
        credits: cmd.credits,
        contentHash: contentHash('reserve', cmd.accountId, cmd.credits, cmd.messages),
        reservationId: cmd.reservationId,
      };
      const claim = await this.ledger.claim(em, t);
      if (!claim.fresh) {
        // A retry: answer what the first attempt did, even if the payer changed since.
        const first: { debitedAccountId: string }[] = await em.query(
          `SELECT debited_account_id AS "debitedAccountId" FROM wallet.reservations WHERE id = $1`,
          [t.id],
        );
        const debitedAccountId = first[0].debitedAccountId;
        const balanceAfter = await this.ledger.balanceAfter(em, t.id, debitedAccountId);
        return { reservationId: t.id, debitedAccountId, credits: cmd.credits, balanceAfter };
      }
      await em.query(
        `INSERT INTO wallet.reservations (id, account_id, debited_account_id, credits, messages) VALUES ($1, $2, $3, $4, $5)`,
        [t.id, cmd.accountId, payer.debitedAccountId, cmd.credits, cmd.messages],
      );
      const move = await this.ledger.moveWallet(em, t, payer.debitedAccountId, -cmd.credits);
      if (!move) throw new InsufficientCreditsError();
      return {
        reservationId: t.id,
        debitedAccountId: payer.debitedAccountId,
        credits: cmd.credits,
        balanceAfter: move.after,
      };
    });
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
      await em.query(`UPDATE wallet.reservations SET settled_credits = $2, settled_at = now() WHERE id = $1`, [
        r.id,
        held,
      ]);
      return { reservationId: r.id, settledCredits: held };
    });
  }

  /**
   * Gives credits back to the wallet that paid: from the reservations book while the
   * reservation is open, from the consumed book once settled (failed or expired receipts).
   * The total refunded never exceeds the reservation (conditional update + CHECK).
   */
  refund(cmd: RefundReservationCommand): Promise<RefundResult> {
    return this.tx.run(async (em) => {
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
      const updated = returning(
        await em.query(
          `UPDATE wallet.reservations SET refunded_credits = refunded_credits + $2, refunded_messages = refunded_messages + $3
         WHERE id = $1 AND refunded_credits + $2 <= credits AND refunded_messages + $3 <= messages RETURNING id`,
          [r.id, cmd.credits, cmd.messages],
        ),
      );
      if (updated.length === 0) throw new RefundExceedsReservationError();
      const move = await this.ledger.moveWallet(em, t, r.debitedAccountId, cmd.credits);
      if (!move) throw new Error(`wallet ${r.debitedAccountId} of reservation ${r.id} is missing`);
      return { refundId: t.id, credits: cmd.credits, balanceAfter: move.after };
    });
  }

  /** Whose wallet pays: the account's own, or its parent's for an unlimited sub-account. */
  private async payerOf(em: EntityManager, accountId: string): Promise<Payer> {
    const rows: { parentAccountId: string | null; unlimited: boolean | null; active: boolean | null }[] =
      await em.query(
        `SELECT s.parent_account_id AS "parentAccountId", s.unlimited, s.active
       FROM wallet.wallets w LEFT JOIN wallet.sub_accounts s ON s.id = w.account_id
       WHERE w.account_id = $1`,
        [accountId],
      );
    const row = rows[0];
    // No wallet yet: the account never received a credit.
    if (!row) throw new InsufficientCreditsError();
    if (row.parentAccountId === null) return { debitedAccountId: accountId };
    if (!row.active) throw new SubAccountInactiveError();
    return { debitedAccountId: row.unlimited ? row.parentAccountId : accountId };
  }

  private async lockReservation(em: EntityManager, id: string) {
    const rows: {
      id: string;
      debitedAccountId: string;
      credits: string;
      refundedCredits: string;
      settledCredits: string | null;
    }[] = await em.query(
      `SELECT id, debited_account_id AS "debitedAccountId", credits, refunded_credits AS "refundedCredits",
              settled_credits AS "settledCredits"
       FROM wallet.reservations WHERE id = $1 FOR UPDATE`,
      [id],
    );
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
