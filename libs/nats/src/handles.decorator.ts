import { MessagePattern } from '@nestjs/microservices';
import { AnyRpc, CommandOf, ResultOf } from '@sms/contracts';

/** What a handler of `D` may look like: takes its command (or nothing), returns its result. */
export type HandlerOf<D extends AnyRpc> = (
  payload: CommandOf<D>,
  ...rest: never[]
) => ResultOf<D> | Promise<ResultOf<D>>;

/**
 * Binds a message handler to an operation declared in libs/contracts: Nest's @MessagePattern
 * on the operation's bare subject (the server strategy adds the transport prefix), the
 * `@Payload()` validated against the operation's command class, and the handler's return type
 * checked against its result type by the compiler.
 *
 *   @Handles(WalletRpc.createSubAccount)
 *   create(@Payload() cmd: CreateSubAccountCommand): Promise<SubAccountView> { … }
 */
export function Handles<D extends AnyRpc>(operation: D) {
  const pattern = MessagePattern(operation.subject);
  return <M extends HandlerOf<D>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>) => {
    const params = Reflect.getMetadata('design:paramtypes', target, key) as unknown[] | undefined;
    // The validation pipe validates the payload against the declared class, whatever the parameter says.
    if (params && params.length > 0) {
      Reflect.defineMetadata('design:paramtypes', [operation.command, ...params.slice(1)], target, key);
    }
    pattern(target, key, descriptor);
  };
}
