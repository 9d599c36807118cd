import { PayloadClass } from './rpc';

/**
 * Events, each declared once per type and version: subject + data class.
 *
 *   export const WalletEvents = {
 *     balanceChanged: event('wallet', 'balance.changed.v1', BalanceChangedEvent),
 *   };
 *
 * The producer publishes with `publisher.append(em, WalletEvents.balanceChanged, data)` (libs/events:
 * `data` is checked against the class at compile time); a consumer registers with
 * `consumers.register({ purpose, event: WalletEvents.balanceChanged, handler })`, its handler typed
 * by the same descriptor, and every delivered event validated against the class (the rules of the
 * RPC payloads) before the handler sees it: one that fails goes to the dead-letter subject.
 * Types are bare (`wallet.balance.changed.v1`): the transport prefix is applied by libs/events.
 */
export interface EventDescriptor<TData extends object> {
  /** The publishing service. */
  readonly service: string;
  /** Dotted and versioned: `<service>.<name>`, e.g. `wallet.balance.changed.v1`. */
  readonly type: string;
  readonly data: PayloadClass<TData>;
}

export type AnyEvent = EventDescriptor<object>;
export type EventDataOf<D> = D extends EventDescriptor<infer T> ? T : never;

export function event<TData extends object>(
  service: string,
  name: string,
  data: PayloadClass<TData>,
): EventDescriptor<TData> {
  return { service, type: `${service}.${name}`, data };
}
