import './instrument';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadEnvOrExit } from '@sms/config';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { JsonLogger } from '@sms/logging';
import { initMetrics } from '@sms/metrics';
import { initTracing } from '@sms/tracing';
import { createValidationPipe, requireActorSigningKey } from '@sms/nats';
import { adminTokenProblem, GatewayEnv } from './gateway-env';
import { GatewayModule } from './gateway.module';
import { genRequestId, installHooks } from './http/fastify-hooks';
import { setupOpenApi } from './http/openapi';
import { DEFAULT_CONSOLE_DIR, serveConsole } from './http/console-static';
import { answerClientError } from './http/client-error';
import { ProblemFilter, sendProblem } from './http/problem.filter';

export async function createGatewayApp(env: GatewayEnv): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    genReqId: genRequestId,
    // X-Forwarded-For is read only when the TCP peer is one of the proxies named in TRUST_PROXY.
    trustProxy: trustedProxies(env.TRUST_PROXY),
    // While the server closes (SIGTERM, see HttpDrain) a request already on an open connection is
    // still handled: the services are still reachable then, a 503 would only make the client retry.
    return503OnClosing: false,
    // Errors Fastify's router answers on its own (over-long path parameter, bad URL).
    frameworkErrors: (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) =>
      sendProblem(reply, err, new Logger('Router')),
    // Requests Node's HTTP parser refuses before Fastify sees them (an URL or headers over the
    // size limit, malformed request lines) still get a problem+json answer.
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.register(env), adapter, {
    logger: new JsonLogger('gateway', env.LOG_LEVEL),
    // The payment webhook's signature covers the exact bytes received (req.rawBody).
    rawBody: true,
  });
  app.setGlobalPrefix('api/v1');
  const origins = env.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  app.enableCors({
    origin: origins.length > 0 ? origins : false,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id', 'traceparent'],
    exposedHeaders: ['x-request-id', 'retry-after', 'content-disposition'],
    maxAge: 600,
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  installHooks(app.getHttpAdapter().getInstance(), new Logger('Http'));
  setupOpenApi(app);
  serveConsole(app.getHttpAdapter().getInstance(), env.CONSOLE_DIR || DEFAULT_CONSOLE_DIR, new Logger('Console'));
  app.enableShutdownHooks();
  return app;
}

function trustedProxies(list: string): string[] | false {
  const proxies = list
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  return proxies.length > 0 ? proxies : false;
}

async function main(): Promise<void> {
  const env = loadEnvOrExit(GatewayEnv);
  const problem = adminTokenProblem(env, process.env);
  if (problem) {
    process.stderr.write(`gateway refuses to start: ${problem}\n`);
    process.exit(1);
  }
  // Services refuse every public request the gateway has not signed: no key, no start.
  requireActorSigningKey();
  initMetrics('gateway');
  initTracing({
    service: 'gateway',
    endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    onError: (msg) => new Logger('Tracing').warn(msg),
  });
  const app = await createGatewayApp(env);
  await app.listen(env.PORT, env.HOST);
  // PORT=0 lets the OS pick a free port (tests): the port actually bound is the one reported.
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  new Logger('Bootstrap').log(`gateway on http://localhost:${port}/api/v1, docs at http://localhost:${port}/api/docs`);
  // Whatever LOG_LEVEL says: harnesses read the port from this line (libs/testing AppStack).
  process.stdout.write(`${JSON.stringify({ level: 'info', service: 'gateway', msg: 'gateway listening', port })}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`gateway failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
