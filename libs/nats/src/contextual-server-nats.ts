import { ServerNats } from '@nestjs/microservices';
import { REQUEST_ID_HEADER, requestContext } from '@sms/logging';
import type { Msg, NatsConnection, Subscription } from 'nats';
import { randomUUID } from 'node:crypto';
import { ActorAssertionGate } from './actor-assertions';
import { InFlight } from './in-flight';
import { natsHandledDuration, secondsSince } from '@sms/metrics';
import { extractTraceContext, Span, SpanKind, startSpan } from '@sms/tracing';

/** Nest packets that end a request: the last one carries `isDisposed`; "no handler" is a bare error. */
interface OutgoingPacket {
  isDisposed?: boolean;
  status?: string;
  err?: unknown;
}

/** ok; refused: a problem below 500 (bad input, not found, business rule); error: anything else. */
function outcomeOf(err: unknown): string {
  if (err === undefined || err === null) return 'ok';
  const status = (err as { status?: unknown }).status;
  return typeof status === 'number' && status < 500 ? 'refused' : 'error';
}

/**
 * Nest's NATS transport, with each message handled inside the caller's request context
 * (its id arrives in a NATS header) and in a server span, a child of the caller's `traceparent`
 * header, so every log line of the handler carries both ids and its own calls continue the trace. Doing
 * this here rather than in an interceptor spares every request Nest's interceptor chain.
 *
 * close() is graceful: it stops taking requests (UNSUB; what the server already routed here
 * is still delivered), waits until every request in hand has been answered, flushes the
 * replies, and only then closes the connection. The app's other shutdown hooks (relay,
 * consumers, database) run after it: see createServiceApp.
 */
export class ContextualServerNats extends ServerNats {
  readonly inFlight = new InFlight();
  private readonly finishers = new WeakMap<Msg, (outcome: string) => void>();

  constructor(
    options: ConstructorParameters<typeof ServerNats>[0],
    private readonly drainTimeoutMs = 30_000,
    /** Transport prefix (NATS_PREFIX): handlers are bound to bare subjects, subscribed under it. */
    private readonly prefix = '',
    /** Refuses, before any handler, requests on gateway-only subjects the gateway did not sign. */
    private readonly assertions?: ActorAssertionGate,
  ) {
    super(options);
    this.queue = options.queue;
  }

  private readonly queue?: string;

  /** Nest's own, but subscribing each handler's pattern under the transport prefix. */
  override bindEvents(client: NatsConnection): void {
    const defaultQueue = this.queue;
    const subscriptions = this.subscriptionsOf();
    for (const [channel, handler] of this.messageHandlers) {
      const queue = (handler.extras?.queue as string | undefined) ?? defaultQueue;
      const callback = this.getMessageHandler(channel).bind(this);
      subscriptions.push(client.subscribe(`${this.prefix}${channel}`, { queue, callback }));
    }
  }

  override handleMessage(channel: string, natsMsg: Msg): Promise<unknown> {
    const requestId = natsMsg.headers?.get(REQUEST_ID_HEADER) || randomUUID();
    const refusal = this.assertions?.refusal(channel, natsMsg);
    if (!refusal) return this.handleAllowed(channel, natsMsg, requestId);
    // In flight from now on (its assertion is verified meanwhile), so a graceful close waits for it
    // too; the same unit ends when it is answered (or refused).
    const inFlight = this.inFlight.begin();
    return refusal.then(
      (problem) => {
        if (problem) {
          inFlight();
          return this.refuse(channel, natsMsg, problem, requestId);
        }
        try {
          return this.handleAllowed(channel, natsMsg, requestId, inFlight);
        } catch (err) {
          inFlight();
          throw err;
        }
      },
      (err: unknown) => {
        inFlight();
        throw err;
      },
    );
  }

  /** `inFlight`: the unit of InFlight already begun for this message, if any (else one begins here for a request). */
  private handleAllowed(channel: string, natsMsg: Msg, requestId: string, inFlight?: () => void): Promise<unknown> {
    const span = this.serverSpan(channel, natsMsg);
    const handle = (): Promise<unknown> =>
      requestContext.run({ requestId }, () => span.run(() => super.handleMessage(channel, natsMsg)));
    if (!natsMsg.reply)
      return handle().finally(() => {
        span.end();
        inFlight?.();
      });
    const done = inFlight ?? this.inFlight.begin();
    const started = process.hrtime.bigint();
    const finish = (outcome: string): void => {
      done();
      natsHandledDuration.observe({ subject: channel, outcome }, secondsSince(started));
      span.setAttribute('outcome', outcome);
      if (outcome === 'error') span.fail('error');
      span.end();
    };
    this.finishers.set(natsMsg, finish);
    return handle().catch((err: unknown) => {
      finish('error');
      throw err;
    });
  }

  private serverSpan(channel: string, natsMsg: Msg): Span {
    return startSpan(`${channel} process`, SpanKind.SERVER, {
      parent: extractTraceContext(natsMsg.headers) ?? null,
      attributes: { 'messaging.system': 'nats', 'messaging.destination.name': channel },
    });
  }

  /** Answers a problem without running the handler (Nest's reply packet: `{id, err, isDisposed}`). */
  private refuse(channel: string, natsMsg: Msg, problem: unknown, requestId: string): void {
    let id: unknown;
    try {
      id = (JSON.parse(new TextDecoder().decode(natsMsg.data)) as { id?: unknown }).id;
    } catch {
      id = undefined;
    }
    this.logger.warn({ msg: 'request refused before its handler', subject: channel, requestId, problem });
    natsHandledDuration.observe({ subject: channel, outcome: 'refused' }, 0);
    if (natsMsg.reply) natsMsg.respond(JSON.stringify({ id, err: problem, isDisposed: true }));
  }

  override getPublisher(
    natsMsg: Msg,
    id: string,
    ctx: Parameters<ServerNats['getPublisher']>[2],
  ): (response: unknown) => unknown {
    const publish = super.getPublisher(natsMsg, id, ctx);
    const finish = this.finishers.get(natsMsg);
    if (!finish) return publish;
    let outcome = 'ok';
    return (response: unknown) => {
      const packet = response as OutgoingPacket;
      if (packet.err !== undefined || packet.status === 'error') outcome = outcomeOf(packet.err ?? {});
      try {
        return publish(response);
      } finally {
        if (packet.isDisposed || packet.status === 'error') finish(outcome);
      }
    };
  }

  override async close(): Promise<void> {
    const nc = this.connection();
    if (nc && !nc.isClosed()) {
      // Nest keeps its subscriptions private; drain() = UNSUB, then a round trip so every
      // message the server routed here before the UNSUB has reached its handler.
      // Bounded: during a broker outage the round trip waits for a reconnection that may not come.
      const drained = Promise.all(this.subscriptionsOf().map((sub) => sub.drain().catch(() => undefined)));
      await withDeadline(drained, this.drainTimeoutMs);
      const pending = this.inFlight.count;
      this.logger.log({ msg: 'stopped taking requests; answering those in flight', inFlight: pending });
      const answered = await this.inFlight.idle(this.drainTimeoutMs);
      if (answered) this.logger.log({ msg: 'every request in flight answered', answered: pending });
      else this.logger.error({ msg: 'requests still in flight at the drain deadline', inFlight: this.inFlight.count });
      await withDeadline(
        nc.flush().catch(() => undefined),
        this.drainTimeoutMs,
      );
    }
    await super.close();
  }

  private connection(): NatsConnection | undefined {
    return (this as unknown as { natsClient?: NatsConnection | null }).natsClient ?? undefined;
  }

  private subscriptionsOf(): Subscription[] {
    return (this as unknown as { subscriptions?: Subscription[] }).subscriptions ?? [];
  }
}

/** Waits for `work` at most `ms`; what it was doing goes on unobserved after that. */
async function withDeadline(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
