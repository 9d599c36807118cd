import { AnyRpc, CommandOf, Problem } from '@sms/contracts';
import { Msg, NatsConnection } from 'nats';
import { harnessNatsOptions } from './auth-nats';
import { testNatsPrefix } from './nats-prefix';
import { connectWhenReachable } from '@sms/nats';

/** Returned by a handler to answer nothing: a service that is down, or a reply lost on the way back. */
export const NO_REPLY = Symbol('no-reply');

export type FakeHandler<D extends AnyRpc> = (data: CommandOf<D>) => unknown;

/**
 * A fake of another service in integration tests: answers operations declared in
 * libs/contracts in Nest's request/reply format ({pattern, data, id} → {response | err, id}),
 * so the real RpcClient is exercised. A handler returns the reply, throws a Problem to refuse,
 * or returns NO_REPLY to stay silent. Subscribes under the spec file's NATS prefix.
 *
 *   const fakes = await FakeResponder.connect(natsUrl);
 *   fakes.on(WalletRpc.getSubAccount, (q) => ({ id: q.subAccountId, name: 'Shop' }));
 */
export class FakeResponder {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
  ) {}

  static async connect(natsUrl: string, prefix = testNatsPrefix()): Promise<FakeResponder> {
    return new FakeResponder(
      await connectWhenReachable({ servers: natsUrl, name: 'fake-responder', ...harnessNatsOptions() }),
      prefix,
    );
  }

  on<D extends AnyRpc>(operation: D, handler: FakeHandler<D>): void {
    this.nc.subscribe(`${this.prefix}${operation.subject}`, {
      callback: (_err, m) => this.answer(m, handler as (data: unknown) => unknown),
    });
  }

  /** Waits until the server has seen every subscription made so far. */
  async ready(): Promise<void> {
    await this.nc.flush();
  }

  private answer(m: Msg, handler: (data: unknown) => unknown): void {
    const packet = JSON.parse(new TextDecoder().decode(m.data)) as { id: string; data: unknown };
    let reply: object;
    try {
      const response = handler(packet.data);
      if (response === NO_REPLY) return;
      reply = { id: packet.id, response, isDisposed: true };
    } catch (err) {
      reply = { id: packet.id, err: err as Problem, isDisposed: true };
    }
    m.respond(new TextEncoder().encode(JSON.stringify(reply)));
  }

  async close(): Promise<void> {
    await this.nc.drain();
  }
}
