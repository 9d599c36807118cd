// Test doubles for the services notifications talks to, answering on NATS in Nest's
// request/reply format, so the real RpcClient and subjects are exercised.
import { natsAuthOptions } from '@sms/nats-auth';
import {
  AccountSummary,
  BalanceView,
  IdentitySubjects,
  MessagingSubjects,
  Problem,
  SendSystemSmsCommand,
  SystemSmsResult,
  WalletSubjects,
} from '@sms/contracts';
import { connect, JSONCodec, NatsConnection } from 'nats';

interface Packet<T> {
  id: string;
  pattern: string;
  data: T;
}

export class FakeServices {
  readonly balances = new Map<string, BalanceView>();
  readonly accounts = new Map<string, AccountSummary>();
  /** Every system SMS messaging was asked to send (repeats included). */
  readonly systemSms: SendSystemSmsCommand[] = [];
  /** Every wallet subject that was called, to prove alerts never touch a balance. */
  readonly walletCalls: string[] = [];
  smsOutcome: 'sent' | 'failed' | 'down' = 'sent';
  private nc?: NatsConnection;

  async start(natsUrl: string): Promise<void> {
    const nc = await connect({ servers: natsUrl, name: 'notifications-fakes', ...natsAuthOptions() });
    this.nc = nc;
    const codec = JSONCodec<unknown>();
    const answer = <T>(subject: string, fn: (data: T) => unknown) => {
      nc.subscribe(subject, {
        callback: (_err, msg) => {
          const packet = codec.decode(msg.data) as Packet<T>;
          let reply: object;
          try {
            const result = fn(packet.data);
            if (result === undefined) return; // simulate a service that does not answer
            reply = { id: packet.id, response: result, isDisposed: true };
          } catch (err) {
            reply = { id: packet.id, err: err as Problem, isDisposed: true };
          }
          msg.respond(codec.encode(reply));
        },
      });
    };
    for (const subject of Object.values(WalletSubjects)) {
      answer<{ actor: { accountId: string } }>(subject, (data) => {
        this.walletCalls.push(subject);
        if (subject !== WalletSubjects.getBalance) throw problem(500, 'unexpected wallet call');
        const b = this.balances.get(data.actor.accountId);
        if (!b) throw problem(404, 'Account not found.');
        return b;
      });
    }
    answer<{ accountId: string }>(IdentitySubjects.getAccountSummary, (data) => {
      const a = this.accounts.get(data.accountId);
      if (!a) throw problem(404, 'Account not found.');
      return a;
    });
    answer<SendSystemSmsCommand>(MessagingSubjects.sendSystem, (cmd): SystemSmsResult | undefined => {
      if (this.smsOutcome === 'down') return undefined;
      this.systemSms.push(cmd);
      return this.smsOutcome === 'sent'
        ? { id: cmd.id, status: 'sent' }
        : { id: cmd.id, status: 'failed', errorCode: 'unknown-subscriber' };
    });
    await nc.flush();
  }

  async stop(): Promise<void> {
    await this.nc?.drain();
  }
}

function problem(status: number, detail: string): Problem {
  return { status, title: 'Error', detail };
}
