import { DynamicModule, INestMicroservice, LogLevel, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { queueGroup, ServiceName } from '@sms/contracts';
import { JsonLogger } from '@sms/logging';
import { ContextualServerNats } from './contextual-server-nats';
import { RpcProblemFilter } from './rpc-problem.filter';
import { createValidationPipe } from './validation';

export interface ServiceBootstrapOptions {
  service: ServiceName;
  module: Type<unknown> | DynamicModule;
  natsUrl: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/**
 * Starts a service as a NATS microservice: queue group per service so replicas share the
 * load, validation on every handler, problems as error replies, request ids in the logs.
 */
export async function createServiceApp(opts: ServiceBootstrapOptions): Promise<INestMicroservice> {
  const logger = new JsonLogger(opts.service, opts.logLevel);
  // noAsyncTraces: no Error (with its stack) built per request just in case it fails.
  const strategy = new ContextualServerNats({
    servers: [opts.natsUrl],
    queue: queueGroup(opts.service),
    name: opts.service,
    maxReconnectAttempts: -1,
    waitOnFirstConnect: true,
    noAsyncTraces: true,
  });
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(opts.module, {
    strategy,
    logger,
    bufferLogs: false,
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new RpcProblemFilter());
  app.enableShutdownHooks();
  return app;
}

/** Runs a service until SIGTERM/SIGINT; logs and exits non-zero when start-up fails. */
export async function runService(opts: ServiceBootstrapOptions): Promise<void> {
  try {
    const app = await createServiceApp(opts);
    await app.listen();
    new JsonLogger(opts.service).log(`${opts.service} service listening on NATS`, 'Bootstrap');
  } catch (err) {
    new JsonLogger(opts.service).error(err instanceof Error ? err : String(err), undefined, 'Bootstrap');
    process.exit(1);
  }
}

export type { LogLevel };
