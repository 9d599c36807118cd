// Test doubles for the services notifications talks to, answering on NATS in Nest's
// request/reply format, so the real RpcClient and subjects are exercised.
import {
  AccountSummary,
  ActorEnvelope,
  AnyRpc,
  BalanceView,
  IdentityRpc,
  MessagingRpc,
  Problem,
  SendSystemSmsCommand,
  SystemSmsResult,
  WalletRpc,
} from '@sms/contracts';
import { FakeResponder, NO_REPLY } from '@sms/testing';

export class FakeServices {
  readonly balances = new Map<string, BalanceView>();
  readonly accounts = new Map<string, AccountSummary>();
  /** Every system SMS messaging was asked to send (repeats included). */
  readonly systemSms: SendSystemSmsCommand[] = [];
  /** Every wallet subject (bare) that was called, to prove alerts never touch a balance. */
  readonly walletCalls: string[] = [];
  smsOutcome: 'sent' | 'failed' | 'down' = 'sent';
  private fakes?: FakeResponder;

  async start(natsUrl: string): Promise<void> {
    const fakes = await FakeResponder.connect(natsUrl);
    this.fakes = fakes;
    for (const operation of Object.values(WalletRpc) as AnyRpc[]) {
      fakes.on(operation, (data) => {
        this.walletCalls.push(operation.subject);
        if (operation !== WalletRpc.getBalance) throw problem(500, 'unexpected wallet call');
        const b = this.balances.get((data as ActorEnvelope).actor.accountId);
        if (!b) throw problem(404, 'Account not found.');
        return b;
      });
    }
    fakes.on(IdentityRpc.getAccountSummary, (data) => {
      const a = this.accounts.get(data.accountId);
      if (!a) throw problem(404, 'Account not found.');
      return a;
    });
    fakes.on(MessagingRpc.sendSystem, (cmd): SystemSmsResult | typeof NO_REPLY => {
      if (this.smsOutcome === 'down') return NO_REPLY; // a service that does not answer
      this.systemSms.push(cmd);
      return this.smsOutcome === 'sent'
        ? { id: cmd.id, status: 'sent' }
        : { id: cmd.id, status: 'failed', errorCode: 'unknown-subscriber' };
    });
    await fakes.ready();
  }

  async stop(): Promise<void> {
    await this.fakes?.close();
  }
}

function problem(status: number, detail: string): Problem {
  return { status, title: 'Error', detail };
}
