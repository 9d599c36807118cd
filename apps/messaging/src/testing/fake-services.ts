import { IdentitySubjects, Problem, WalletSubjects } from '@sms/contracts';
import { connect, Msg, NatsConnection } from 'nats';

type Handler = (data: Record<string, unknown>) => unknown;

/** Answers Nest-style NATS requests ({pattern, data, id} → {response | err, id}) from plain functions. */
export class FakeResponder {
  private constructor(private readonly nc: NatsConnection) {}

  static async connect(natsUrl: string): Promise<FakeResponder> {
    return new FakeResponder(await connect({ servers: natsUrl }));
  }

  on(subject: string, handler: Handler): void {
    const sub = this.nc.subscribe(subject);
    void (async () => {
      for await (const m of sub) this.answer(m, handler);
    })();
  }

  private answer(m: Msg, handler: Handler): void {
    const packet = JSON.parse(new TextDecoder().decode(m.data)) as { id: string; data: Record<string, unknown> };
    let reply: object;
    try {
      reply = { id: packet.id, response: handler(packet.data), isDisposed: true };
    } catch (err) {
      reply = { id: packet.id, err: err as Problem, isDisposed: true };
    }
    m.respond(new TextEncoder().encode(JSON.stringify(reply)));
  }

  async close(): Promise<void> {
    await this.nc.drain();
  }
}

/** An in-memory wallet honouring messaging's reservation interface, idempotent by id. */
export class FakeWallet {
  readonly balances = new Map<string, number>();
  readonly reservations = new Map<string, { accountId: string; credits: number }>();
  readonly settled = new Set<string>();
  readonly refunds = new Map<string, { reservationId: string; credits: number; messages: number }>();

  install(r: FakeResponder): void {
    r.on(WalletSubjects.reserve, (d) => {
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
      return { reservationId: id, debitedAccountId: accountId, credits, balanceAfter: this.balances.get(accountId) };
    });
    r.on(WalletSubjects.settle, (d) => {
      this.settled.add(d.reservationId as string);
      return { reservationId: d.reservationId, settledCredits: 0 };
    });
    r.on(WalletSubjects.refund, (d) => {
      const id = d.refundId as string;
      const reservation = this.reservations.get(d.reservationId as string)!;
      if (!this.refunds.has(id)) {
        this.refunds.set(id, {
          reservationId: d.reservationId as string,
          credits: d.credits as number,
          messages: d.messages as number,
        });
        this.balances.set(
          reservation.accountId,
          (this.balances.get(reservation.accountId) ?? 0) + (d.credits as number),
        );
      }
      return { refundId: id, credits: d.credits, balanceAfter: this.balances.get(reservation.accountId) };
    });
  }
}

/** Identity's default-sender lookup. */
export function installFakeIdentity(r: FakeResponder, senders: Map<string, string | null>): void {
  r.on(IdentitySubjects.getSender, (d) => {
    const actor = d.actor as { accountId: string };
    const defaultSender = senders.get(actor.accountId) ?? null;
    return { defaultSender, repliesDisabled: defaultSender !== null };
  });
}
