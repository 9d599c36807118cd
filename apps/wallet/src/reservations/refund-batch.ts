import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  DomainError,
  NotFoundError,
  RefundReservationCommand,
  RefundReservationsResult,
  RefundRefused,
  RefundResult,
  WalletEvents,
} from '@sms/contracts';
import { EventPublisher } from '@sms/events';
import { returning } from '@sms/database';
import { EntityManager } from 'typeorm';
import { LedgerTx } from '../ledger/ledger-tx';
import { LedgerRepository } from '../ledger/ledger.repository';
import { contentHash } from '../ledger/ledger.types';
import { RefundExceedsReservationError, TransferIdConflictError } from '../ledger/wallet.errors';
import { RefundBatchRepository } from './refund-batch.repository';

interface LockedReservation {
  id: string;
  debitedAccountId: string;
  credits: string;
  messages: number;
  refundedCredits: string;
  refundedMessages: number;
  settled: boolean;
}

interface Fresh {
  cmd: RefundReservationCommand;
  hash: string;
  r: LockedReservation;
  balanceAfter: number;
}

const refused = (refundId: string, err: DomainError): RefundRefused => ({
  refundId,
  status: (err as DomainError & { status: number }).status,
  code: err.code,
  detail: err.message,
});

/**
 * Many refunds in ONE transaction with a fixed number of statements (messaging refunds what one
 * tick found owed): the reservations locked in id order, the transfers already stored read once
 * (a repeated id answers its first result; other content is refused as a 409), then per batch one
 * conditional UPDATE of the reservations (never more than reserved), the payers' wallets locked in
 * account order and credited by one UPDATE each, one multi-row insert of the transfers and their
 * entries, and one balance-changed event per refund. Each refund gets its own answer: one that
 * does not fit is refused alone. Should the batch fail as a whole, each refund runs on its own
 * (`ReservationService.refund`) and still gets its own answer.
 */
@Injectable()
export class RefundBatch {
  private readonly logger = new Logger(RefundBatch.name);
  private readonly repo = new RefundBatchRepository();

  constructor(
    private readonly tx: LedgerTx,
    private readonly ledger: LedgerRepository,
    @Inject(EventPublisher) private readonly events: EventPublisher,
  ) {}

  async apply(
    cmds: RefundReservationCommand[],
    one: (cmd: RefundReservationCommand) => Promise<RefundResult>,
  ): Promise<RefundReservationsResult> {
    try {
      return await this.tx.run((em) => this.inTransaction(em, cmds));
    } catch (err) {
      this.logger.warn({
        msg: 'refund batch failed; its refunds run one by one',
        size: cmds.length,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    const out: RefundReservationsResult = { refunded: [], refused: [] };
    for (const cmd of cmds) {
      try {
        out.refunded.push(await one(cmd));
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        out.refused.push(refused(cmd.refundId, err));
      }
    }
    return out;
  }

  private async inTransaction(em: EntityManager, cmds: RefundReservationCommand[]): Promise<RefundReservationsResult> {
    const out: RefundReservationsResult = { refunded: [], refused: [] };
    const reservations = new Map(
      (
        (await this.repo.lockReservations(em, [[...new Set(cmds.map((c) => c.reservationId))]])) as LockedReservation[]
      ).map((r) => [r.id, r]),
    );
    const stored = new Map(
      (
        (await this.repo.storedTransfers(em, [cmds.map((c) => c.refundId)])) as {
          id: string;
          kind: string;
          hash: string;
          balanceAfter: string | null;
        }[]
      ).map((t) => [t.id, t]),
    );
    // What each reservation has left, as the fresh refunds of this batch take from it (in order).
    const left = new Map(
      [...reservations.values()].map((r) => [
        r.id,
        { credits: Number(r.credits) - Number(r.refundedCredits), messages: r.messages - r.refundedMessages },
      ]),
    );
    const fresh: Fresh[] = [];
    const seen = new Map<string, string>();
    for (const cmd of cmds) {
      const hash = contentHash('refund', cmd.reservationId, cmd.credits, cmd.messages);
      const prior = stored.get(cmd.refundId);
      const again = seen.get(cmd.refundId);
      const r = reservations.get(cmd.reservationId);
      if (prior || again !== undefined) {
        // A repeat (of an earlier call, or within this batch): its first result, if the same refund.
        const sameAsPrior = prior ? prior.kind === 'refund' && prior.hash === hash : again === hash;
        if (!sameAsPrior) out.refused.push(refused(cmd.refundId, new TransferIdConflictError(cmd.refundId)));
        else if (prior)
          out.refunded.push({
            refundId: cmd.refundId,
            credits: cmd.credits,
            balanceAfter: Number(prior.balanceAfter ?? 0),
          });
        continue;
      }
      if (!r) {
        out.refused.push(refused(cmd.refundId, new NotFoundError('Reservation')));
        continue;
      }
      const l = left.get(r.id)!;
      if (cmd.credits > l.credits || cmd.messages > l.messages) {
        out.refused.push(refused(cmd.refundId, new RefundExceedsReservationError()));
        continue;
      }
      l.credits -= cmd.credits;
      l.messages -= cmd.messages;
      seen.set(cmd.refundId, hash);
      fresh.push({ cmd, hash, r, balanceAfter: 0 });
    }
    if (fresh.length > 0) await this.write(em, fresh);
    // A repeat within the batch is answered by its first occurrence's result (one per id).
    for (const f of fresh)
      out.refunded.push({ refundId: f.cmd.refundId, credits: f.cmd.credits, balanceAfter: f.balanceAfter });
    return out;
  }

  /** The fresh refunds' writes: reservations, wallets, transfers with their entries, events. */
  private async write(em: EntityManager, fresh: Fresh[]): Promise<void> {
    const perReservation = new Map<string, { credits: number; messages: number }>();
    const perAccount = new Map<string, number>();
    for (const { cmd, r } of fresh) {
      const p = perReservation.get(r.id) ?? { credits: 0, messages: 0 };
      p.credits += cmd.credits;
      p.messages += cmd.messages;
      perReservation.set(r.id, p);
      perAccount.set(r.debitedAccountId, (perAccount.get(r.debitedAccountId) ?? 0) + cmd.credits);
    }
    // Conditional: never more than reserved (the CHECK constraints are the backstop).
    const updated = returning<{ id: string }>(
      await this.repo.takeFromReservations(em, [
        [...perReservation.keys()],
        [...perReservation.values()].map((p) => p.credits),
        [...perReservation.values()].map((p) => p.messages),
      ]),
    );
    if (updated.length !== perReservation.size) throw new RefundExceedsReservationError();
    // Payers' wallets in account-id order (the order of every multi-wallet transaction), one UPDATE each.
    const accounts = [...perAccount.keys()].sort();
    await this.ledger.lockWallets(em, accounts);
    const after = returning<{ accountId: string; balance: string }>(
      await this.repo.creditWallets(em, [accounts, accounts.map((a) => perAccount.get(a))]),
    );
    if (after.length !== accounts.length) throw new Error('a wallet of a refunded reservation is missing');
    // Balance right after each refund: the wallet's balance before the batch plus the refunds so far.
    const running = new Map(after.map((w) => [w.accountId, Number(w.balance) - perAccount.get(w.accountId)!]));
    for (const f of fresh) {
      const b = running.get(f.r.debitedAccountId)! + f.cmd.credits;
      running.set(f.r.debitedAccountId, b);
      f.balanceAfter = b;
    }
    await this.repo.insertTransfers(em, [
      fresh.map((f) => f.cmd.refundId),
      fresh.map((f) => (f.r.settled ? 'consumed' : 'reservations')),
      fresh.map((f) => f.r.debitedAccountId),
      fresh.map((f) => f.cmd.credits),
      fresh.map((f) => f.hash),
      fresh.map((f) => f.r.id),
      fresh.map((f) => f.balanceAfter),
    ]);
    await this.events.appendMany(
      em,
      WalletEvents.balanceChanged,
      fresh.map((f) => ({
        accountId: f.r.debitedAccountId,
        data: {
          accountId: f.r.debitedAccountId,
          transferId: f.cmd.refundId,
          kind: 'refund' as const,
          cause: 'refund' as const,
          before: f.balanceAfter - f.cmd.credits,
          after: f.balanceAfter,
        },
      })),
    );
  }
}
