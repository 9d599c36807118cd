import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { shutdownTracing } from '@sms/tracing';
import type { FastifyInstance } from 'fastify';

/**
 * On SIGTERM the HTTP server stops first: no new connection is accepted, and the requests already
 * received are answered (Fastify's close waits for them) while the NATS connections they need are
 * still open — those close in the onApplicationShutdown hooks that run after this one. Nest would
 * otherwise close the HTTP server last, answering requests that arrive meanwhile with
 * "broker not connected". Together with `return503OnClosing: false` (main.ts) a rolling restart of
 * gateway replicas behind a balancer loses no request.
 */
@Injectable()
export class HttpDrain implements BeforeApplicationShutdown {
  private readonly logger = new Logger(HttpDrain.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async beforeApplicationShutdown(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    await fastify.close();
    this.logger.log('HTTP server closed; requests in flight answered');
    // The spans of those last requests go to the collector before the process ends.
    await shutdownTracing();
  }
}
