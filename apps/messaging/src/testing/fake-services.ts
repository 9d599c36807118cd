import { IdentityRpc, Problem, RefundReservationCommand, WalletRpc } from '@sms/contracts';
import { FakeResponder, NO_REPLY } from '@sms/testing';
import { MessagingEnv } from '../messaging-env';

export { FakeResponder, NO_REPLY };

/** An in-memory wallet honouring messaging's reservation interface, idempotent by id. */
export class FakeWallet {
  readonly balances = new Map<string, number>();
  readonly reservations = new Map<string, { accountId: string; credits: number }>();
  readonly settled = new Set<string>();
  readonly refunds = new Map<string, { reservationId: string; credits: number; messages: number }>();
  /** Apply reserves but lose their replies (the caller times out not knowing). */
  loseReserveReplies = false;

  install(r: FakeResponder): void {
    r.on(WalletRpc.reserve, (d) => {
      const id = d.reservationId as string;
      const accountId = d.accountId as string;
      const credits = d.credits as number;
      if (!this.reservations.has(id)) {
        const balance = this.balances.get(accountId) ?? 0;
        if (balance < credits) {
          const problem: Problem = {
            status: 422,
            title: 'Unprocessable Entity',
            detail: 'Not enough credits.',
            code: 'insufficient-credits',
          };
          throw problem;
        }
        this.balances.set(accountId, balance - credits);
        this.reservations.set(id, { accountId, credits });
      }
      if (this.loseReserveReplies) return NO_REPLY;
      return { reservationId: id, debitedAccountId: accountId, credits, balanceAfter: this.balances.get(accountId) };
    });
    r.on(WalletRpc.settle, (d) => {
      this.settled.add(d.reservationId as string);
      return { reservationId: d.reservationId, settledCredits: 0 };
    });
    r.on(WalletRpc.settleBatch, (d) => {
      const ids = d.reservationIds as string[];
      for (const id of ids) this.settled.add(id);
      return { settled: ids.map((reservationId) => ({ reservationId, settledCredits: 0 })), notFound: [] };
    });
    r.on(WalletRpc.refund, (d) => this.refund(d));
    r.on(WalletRpc.refundBatch, (d) => {
      const refunded: unknown[] = [];
      const refused: unknown[] = [];
      for (const one of d.refunds) {
        try {
          refunded.push(this.refund(one));
        } catch (problem) {
          const p = problem as Problem;
          refused.push({ refundId: one.refundId, status: p.status, code: p.code, detail: p.detail });
        }
      }
      return { refunded, refused };
    });
  }

  private refund(d: RefundReservationCommand) {
    const id = d.refundId;
    const reservation = this.reservations.get(d.reservationId);
    if (!reservation) {
      const problem: Problem = {
        status: 404,
        title: 'Not Found',
        detail: 'Reservation not found.',
        code: 'not-found',
      };
      throw problem;
    }
    if (!this.refunds.has(id)) {
      this.refunds.set(id, {
        reservationId: d.reservationId as string,
        credits: d.credits as number,
        messages: d.messages as number,
      });
      this.balances.set(reservation.accountId, (this.balances.get(reservation.accountId) ?? 0) + (d.credits as number));
    }
    return { refundId: id, credits: d.credits, balanceAfter: this.balances.get(reservation.accountId) };
  }
}

/** Senders identity refuses in the fake (every other requested sender is accepted). */
export const REFUSED_SENDER = 'MYBANK';

/**
 * Identity's sender resolution: the requested sender, else the account's default, else the
 * shared number; REFUSED_SENDER answers 422 sender-not-approved like an unapproved one.
 */
export function installFakeIdentity(
  r: FakeResponder,
  senders: Map<string, string | null>,
  sharedNumber = new MessagingEnv().SHARED_NUMBER,
): void {
  r.on(IdentityRpc.resolveSender, (d) => {
    const actor = d.actor as { accountId: string };
    const sender = (d.sender as string | undefined) ?? senders.get(actor.accountId) ?? sharedNumber;
    if (sender === REFUSED_SENDER) {
      const problem: Problem = {
        status: 422,
        title: 'Unprocessable Entity',
        detail: `The sender "${sender}" is not approved for this account.`,
        code: 'sender-not-approved',
      };
      throw problem;
    }
    return { sender };
  });
}
