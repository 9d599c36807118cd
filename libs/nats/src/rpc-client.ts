import { WAIT_FOR_BROKER } from './broker-connection';
import { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { natsServers } from '@sms/config';
import { AnyRpc, CommandOf, isProblem, Problem, RemoteProblemError, ResultOf } from '@sms/contracts';
import { currentRequestId, REQUEST_ID_HEADER } from '@sms/logging';
import { natsSentDuration, secondsSince } from '@sms/metrics';
import { injectTraceContext, SpanContext, SpanKind, startSpan } from '@sms/tracing';
import { ACTOR_ASSERTION_HEADER, natsAuthOptions } from '@sms/nats-auth';
import { connect, ErrorCode, headers as natsHeaders, NatsConnection, NatsError } from 'nats';
import { randomUUID } from 'node:crypto';
import { withRpcRetry } from './rpc-retry';
import { actorSignerFromEnv } from './actor-assertions';

export interface RpcClientOptions {
  natsUrl: string;
  timeoutMs: number;
  name: string;
  /** Transport prefix put before every subject (NATS_PREFIX, e.g. `t42.`); '' by default. */
  prefix?: string;
}

interface NestReply {
  response?: unknown;
  err?: unknown;
}

const encoder = new TextEncoder();
const NO_RESPONDERS_GRACE_MS = 1000;
const decoder = new TextDecoder();

/**
 * Request/reply to Nest NATS microservices, speaking their packet format
 * (`{pattern, data, id}` → `{response | err, isDisposed}`) over the connection's shared
 * reply inbox: one subscription for all requests instead of one per request, and
 * "no responders" fails at once instead of waiting for the timeout. Every call carries
 * the request id and a `traceparent` (its client span, a child of the current span), and fails
 * with a RemoteProblemError holding a Problem.
 */
export class RpcClient implements OnModuleInit, OnApplicationShutdown {
  private nc?: NatsConnection;
  private readonly prefix: string;
  /** The gateway signs every request it sends (actor-assertions.ts); services hold no key. */
  private readonly signer = actorSignerFromEnv();

  constructor(private readonly options: RpcClientOptions) {
    this.prefix = options.prefix ?? '';
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async connect(): Promise<void> {
    // noAsyncTraces: building an Error per request for a better stack costs more than the request.
    this.nc ??= await connect({
      servers: natsServers(this.options.natsUrl),
      name: this.options.name,
      ...WAIT_FOR_BROKER,
      noAsyncTraces: true,
      ...natsAuthOptions(),
    });
  }

  async close(): Promise<void> {
    const nc = this.nc;
    this.nc = undefined;
    await nc?.drain();
  }

  get connected(): boolean {
    return !!this.nc && !this.nc.isClosed();
  }

  /**
   * Calls an operation declared in libs/contracts (`WalletRpc.getBalance`…): the payload is
   * checked against its command class, the result typed by its declaration.
   */
  async send<D extends AnyRpc>(
    operation: D,
    payload: CommandOf<D>,
    timeoutMs = this.options.timeoutMs,
  ): Promise<ResultOf<D>> {
    const subject = operation.subject;
    const started = process.hrtime.bigint();
    const span = startSpan(`${subject} send`, SpanKind.CLIENT, {
      attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject },
    });
    let outcome = 'error';
    try {
      const result = await withRpcRetry(
        (ms) => this.request<ResultOf<D>>(subject, payload, ms, span.context),
        timeoutMs,
      );
      outcome = 'ok';
      return result;
    } catch (err) {
      if (err instanceof RemoteProblemError && err.problem.status < 500) outcome = 'refused';
      else if (err instanceof RemoteProblemError && err.problem.code === 'upstream-timeout') outcome = 'timeout';
      else if (err instanceof RemoteProblemError && err.problem.status === 503) outcome = 'unavailable';
      throw err;
    } finally {
      natsSentDuration.observe({ subject, outcome }, secondsSince(started));
      span.setAttribute('outcome', outcome);
      if (outcome !== 'ok' && outcome !== 'refused') span.fail(outcome);
      span.end();
    }
  }

  private async request<TResult>(
    subject: string,
    payload: object,
    timeoutMs: number,
    trace: SpanContext,
  ): Promise<TResult> {
    if (!this.nc) throw new RemoteProblemError(unavailable('The message broker is not connected.'));
    const h = natsHeaders();
    injectTraceContext(trace, h);
    const requestId = currentRequestId();
    if (requestId) h.set(REQUEST_ID_HEADER, requestId);
    const packet = encoder.encode(JSON.stringify({ pattern: subject, data: payload, id: randomUUID() }));
    const wireSubject = this.prefix + subject;
    if (this.signer) h.set(ACTOR_ASSERTION_HEADER, await this.signer.signAsync(wireSubject, packet));
    let reply: NestReply;
    // "No responders" is retried briefly: a service that is starting (its subscription not yet
    // seen by the server) or restarting answers a moment later; then it is a fast 503.
    const noRespondersUntil = Date.now() + Math.min(timeoutMs, NO_RESPONDERS_GRACE_MS);
    for (;;) {
      try {
        const msg = await this.nc.request(wireSubject, packet, { timeout: timeoutMs, headers: h });
        reply = JSON.parse(decoder.decode(msg.data)) as NestReply;
        break;
      } catch (err) {
        const noResponders = err instanceof NatsError && err.code === ErrorCode.NoResponders;
        if (noResponders && Date.now() < noRespondersUntil) {
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        throw new RemoteProblemError(transportProblem(err));
      }
    }
    if (reply.err !== undefined && reply.err !== null) {
      throw new RemoteProblemError(isProblem(reply.err) ? reply.err : badGateway());
    }
    return reply.response as TResult;
  }
}

function unavailable(detail: string): Problem {
  return { status: 503, title: 'Service Unavailable', detail, code: 'upstream-unavailable' };
}

function badGateway(): Problem {
  return {
    status: 502,
    title: 'Bad Gateway',
    detail: 'A service answered with an unexpected error.',
    code: 'upstream-error',
  };
}

function transportProblem(err: unknown): Problem {
  if (err instanceof NatsError && err.code === ErrorCode.NoResponders)
    return unavailable('The service is not running.');
  if (err instanceof NatsError && err.code === ErrorCode.Timeout) {
    return { ...unavailable('A service did not answer in time.'), code: 'upstream-timeout' };
  }
  return badGateway();
}
