import { WAIT_FOR_BROKER } from './broker-connection';
import { DynamicModule, INestMicroservice, LogLevel, Type } from '@nestjs/common';
import { natsServers } from '@sms/config';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { queueGroup, ServiceName } from '@sms/contracts';
import { JsonLogger } from '@sms/logging';
import { initMetrics, MetricsServer, startMetricsServer } from '@sms/metrics';
import { natsAuthOptions } from '@sms/nats-auth';
import { initTracing, shutdownTracing } from '@sms/tracing';
import { actorVerifierFromEnv } from './actor-assertions';
import { ContextualServerNats } from './contextual-server-nats';
import { RpcProblemFilter } from './rpc-problem.filter';
import { createValidationPipe } from './validation';

export interface ServiceBootstrapOptions {
  service: ServiceName;
  module: Type<unknown> | DynamicModule;
  natsUrl: string;
  /** Transport prefix of every subject and queue group (NATS_PREFIX); '' by default. */
  natsPrefix?: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Port of the Prometheus listener (`GET /metrics`): -1 none, 0 any free port (logged). */
  metricsPort?: number;
  /** Address of the Prometheus listener (127.0.0.1 by default; 0.0.0.0 in containers). */
  metricsHost?: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: where spans are exported (OTLP/HTTP JSON); none when empty. */
  otlpEndpoint?: string;
}

/**
 * Starts a service as a NATS microservice: queue group per service so replicas share the
 * load, validation on every handler, problems as error replies, request ids in the logs.
 *
 * app.close() stops in this order: the NATS server stops taking requests and answers those
 * in flight (ContextualServerNats.close), then the app's hooks run: beforeApplicationShutdown
 * stops the outbox relay, the event consumers and the workers at a clean point, and
 * onApplicationShutdown closes the RPC clients and, last, PostgreSQL. Nest's own signal
 * hooks (enableShutdownHooks) would run those hooks before the server closes, while requests
 * still arrive: runService handles the signals itself.
 */
export async function createServiceApp(opts: ServiceBootstrapOptions): Promise<INestMicroservice> {
  const logger = new JsonLogger(opts.service, opts.logLevel);
  // noAsyncTraces: no Error (with its stack) built per request just in case it fails.
  const strategy = new ContextualServerNats(
    {
      servers: natsServers(opts.natsUrl),
      queue: queueGroup(opts.service, opts.natsPrefix),
      name: opts.service,
      ...WAIT_FOR_BROKER,
      noAsyncTraces: true,
      ...natsAuthOptions(),
    },
    undefined,
    opts.natsPrefix,
    actorVerifierFromEnv(opts.service),
  );
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(opts.module, {
    strategy,
    logger,
    bufferLogs: false,
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new RpcProblemFilter());
  return app;
}

/**
 * Runs a service until SIGTERM/SIGINT, then shuts it down gracefully (see createServiceApp)
 * and exits 0; logs and exits non-zero when start-up or shutdown fails.
 */
export async function runService(opts: ServiceBootstrapOptions): Promise<void> {
  const log = new JsonLogger(opts.service);
  let app: INestMicroservice;
  let metrics: MetricsServer | undefined;
  initMetrics(opts.service);
  initTracing({ service: opts.service, endpoint: opts.otlpEndpoint, onError: (msg) => log.warn(msg, 'Tracing') });
  try {
    app = await createServiceApp(opts);
    await app.listen();
    log.log(`${opts.service} service listening on NATS`, 'Bootstrap');
    if (opts.metricsPort !== undefined && opts.metricsPort >= 0) {
      metrics = await startMetricsServer(opts.metricsPort, opts.metricsHost);
      log.log({ msg: 'metrics listening', port: metrics.port }, 'Bootstrap');
    }
  } catch (err) {
    log.error(err instanceof Error ? err : String(err), undefined, 'Bootstrap');
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return; // a second signal does not cut the drain short
    stopping = true;
    log.log({ msg: `${signal}: shutting down`, signal }, 'Shutdown');
    Promise.all([app.close(), metrics?.close()])
      .then(() => shutdownTracing())
      .then(
        () => {
          log.log(`${opts.service} stopped`, 'Shutdown');
          process.exit(0);
        },
        (err: unknown) => {
          log.error(err instanceof Error ? err : String(err), undefined, 'Shutdown');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

export type { LogLevel };
