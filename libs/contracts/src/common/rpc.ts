/**
 * Request/reply operations, each declared once: subject + command class + result type.
 *
 *   export const WalletRpc = {
 *     createSubAccount: rpc('wallet', 'subaccount.create.v1', CreateSubAccountCommand, type<SubAccountView>()),
 *   };
 *
 * The caller (`RpcClient.send(WalletRpc.createSubAccount, payload)`, libs/nats) gets the payload
 * checked against the class and the result typed; the server binds its handler with
 * `@Handles(WalletRpc.createSubAccount)` (libs/nats), which validates the payload with the
 * class and checks the handler's return type. Subjects are bare (`wallet.subaccount.create.v1`):
 * the NATS prefix is a transport setting applied by the client and the server strategy.
 */

/** A type carried only at compile time: `type<SubAccountView>()`. */
export interface TypeTag<T> {
  readonly __type?: T;
}

export function type<T>(): TypeTag<T> {
  return {};
}

/** The payload class: class-validator rules, validated by the serving side's pipe. */
export type PayloadClass<T extends object> = new (...args: never[]) => T;

export interface RpcOperation<TCommand extends object, TResult> {
  /** The service that answers it (its queue group). */
  readonly service: string;
  /** Bare subject, without the transport's prefix: `<service>.<name>`. */
  readonly subject: string;
  readonly command: PayloadClass<TCommand>;
  /** Phantom: never set, only carries the result type. */
  readonly result?: TypeTag<TResult>;
}

/** Any operation (for generic code: clients, decorators, fakes). */
export type AnyRpc = RpcOperation<object, unknown>;
export type CommandOf<D> = D extends RpcOperation<infer C, unknown> ? C : never;
export type ResultOf<D> = D extends RpcOperation<object, infer R> ? R : never;

export function rpc<TCommand extends object, TResult>(
  service: string,
  name: string,
  command: PayloadClass<TCommand>,
  _result: TypeTag<TResult>,
): RpcOperation<TCommand, TResult> {
  return { service, subject: `${service}.${name}`, command };
}

/** The payload of operations that take none (`{}`). */
export class NoPayload {}
