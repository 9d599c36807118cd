// Compiled by the type-check (`npx tsc -p tsconfig.json --noEmit`), never run: every line
// marked below must stay a compile error, or the type-check fails ("unused directive").
import { Payload } from '@nestjs/microservices';
import { Actor, BalanceView, SubAccountView, WalletRpc } from '@sms/contracts';
import { Handles } from './handles.decorator';
import { RpcClient } from './rpc-client';

declare const rpc: RpcClient;
declare const actor: Actor;

export async function callers(): Promise<void> {
  // The payload is checked against the command class, the result typed by the declaration.
  const view: SubAccountView = await rpc.send(WalletRpc.getSubAccount, { actor, subAccountId: 'id' });
  const balance: BalanceView = await rpc.send(WalletRpc.getBalance, { actor });
  void view;
  void balance;

  // @ts-expect-error a field the command does not have
  await rpc.send(WalletRpc.getBalance, { actor, accountId: 'x' });
  // @ts-expect-error a required field missing
  await rpc.send(WalletRpc.getSubAccount, { actor });
  // @ts-expect-error a field of the wrong type
  await rpc.send(WalletRpc.getSubAccount, { actor, subAccountId: 42 });
  // @ts-expect-error the wrong result type
  const wrong: SubAccountView = await rpc.send(WalletRpc.getBalance, { actor });
  void wrong;
  // @ts-expect-error a bare subject string is no operation
  await rpc.send('wallet.balance.get.v1', { actor });
}

export class Handlers {
  @Handles(WalletRpc.getBalance)
  balance(@Payload() _q: { actor: Actor }): Promise<BalanceView> {
    return Promise.resolve({} as BalanceView);
  }

  // @ts-expect-error the handler returns something else than the declared result
  @Handles(WalletRpc.getBalance)
  notABalance(@Payload() _q: { actor: Actor }): Promise<string> {
    return Promise.resolve('balance');
  }

  // @ts-expect-error the handler takes another operation's command
  @Handles(WalletRpc.getSubAccount)
  otherCommand(@Payload() _q: { reservationId: number }): Promise<SubAccountView> {
    return Promise.resolve({} as SubAccountView);
  }
}
