import { DynamicModule, Global, Module } from '@nestjs/common';
import { RpcClient } from './rpc-client';

/** What RpcModule.forService reads from a service's env (every ServiceEnv has these). */
export interface RpcEnv {
  NATS_URL: string;
  NATS_PREFIX: string;
  NATS_REQUEST_TIMEOUT_MS: number;
}

/**
 * The one RpcClient of a process, injected by its class:
 *
 *   imports: [RpcModule.forService('wallet', env)]   // env: the service's loaded ServiceEnv
 *   constructor(private readonly rpc: RpcClient) {}
 *
 * Connects on module init, drains on application shutdown (after the server stopped taking
 * requests, see service-bootstrap.ts).
 */
@Global()
@Module({})
export class RpcModule {
  static forService(name: string, env: RpcEnv): DynamicModule {
    return {
      module: RpcModule,
      global: true,
      providers: [
        {
          provide: RpcClient,
          useFactory: () =>
            new RpcClient({
              natsUrl: env.NATS_URL,
              timeoutMs: env.NATS_REQUEST_TIMEOUT_MS,
              prefix: env.NATS_PREFIX,
              name: `${name}-rpc`,
            }),
        },
      ],
      exports: [RpcClient],
    };
  }
}
