import { LoggerService } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventConsumer, EventHandler } from './event-consumer';
import { createEnvelope, EventEnvelope, eventSubject, eventsStreamName } from './event-envelope';
import { EventPublisher } from './event-publisher';
import { countRows, Harness, SCHEMA, setUpHarness, waitFor } from './events.test-harness';
import { OutboxRelay } from './outbox-relay';

const quiet: LoggerService = { log: () => undefined, error: () => undefined, warn: () => undefined };

async function recordEffect(envelope: EventEnvelope, em: EntityManager): Promise<void> {
  await em.query(`INSERT INTO ${SCHEMA}.effects (event_id, note) VALUES ($1, $2)`, [envelope.id, envelope.type]);
}

describe('EventConsumer (PostgreSQL + JetStream)', () => {
  let h: Harness;
  const running: { stop(): Promise<void> }[] = [];

  const newConsumer = (purpose: string, type: string, handler: EventHandler): EventConsumer => {
    const c = new EventConsumer({
      dataSource: h.ds,
      schema: SCHEMA,
      nats: h.nc,
      service: 'test',
      purpose,
      eventTypes: [type],
      handler,
      logger: quiet,
      retryDelayMs: () => 100,
    });
    running.push(c);
    return c;
  };
  const publishRaw = (type: string, body: unknown, msgID: string) =>
    h.js.publish(eventSubject(type), new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)), {
      msgID,
    });
  /** Settled: nothing left to deliver and nothing awaiting an ack. */
  const drained = (c: EventConsumer) => async () => {
    const info = await h.jsm.consumers.info(eventsStreamName(), c.durableName);
    return info.num_pending === 0 && info.num_ack_pending === 0;
  };
  const effects = (id: string) => countRows(h.ds, `${SCHEMA}.effects WHERE event_id = $1`, [id]);

  beforeAll(async () => {
    h = await setUpHarness();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.stop()));
  });
  afterAll(async () => {
    await h.teardown();
  });

  it('applies an envelope once even when JetStream delivers it twice', async () => {
    const type = 'test.dup.v1';
    const envelope = createEnvelope(type, { amount: 5 });
    const calls: string[] = [];
    const consumer = newConsumer('dup', type, async (e, em) => {
      calls.push(e.id);
      await recordEffect(e, em);
    });
    await consumer.start();
    // Different Nats-Msg-Ids defeat the stream's dedup: the inbox is the only guard left.
    await publishRaw(type, envelope, `${envelope.id}-a`);
    await publishRaw(type, envelope, `${envelope.id}-b`);
    await waitFor(drained(consumer), 60_000, 'both copies acked');
    expect(await effects(envelope.id)).toBe(1);
    expect(calls).toEqual([envelope.id]);
    expect(
      await countRows(h.ds, `${SCHEMA}.inbox WHERE consumer = $1 AND event_id = $2`, ['test-dup', envelope.id]),
    ).toBe(1);
  });

  it('retries a handler that throws and applies its effect once', async () => {
    const type = 'test.flaky.v1';
    const envelope = createEnvelope(type, { flaky: true });
    let attempts = 0;
    const consumer = newConsumer('flaky', type, async (e, em) => {
      attempts++;
      await recordEffect(e, em); // written, then rolled back with the inbox row on the first attempt
      if (attempts === 1) throw new Error('transient failure');
    });
    await consumer.start();
    await publishRaw(type, envelope, envelope.id);
    await waitFor(
      async () => (await effects(envelope.id)) === 1 && (await drained(consumer)()),
      60_000,
      'retry applied',
    );
    expect(attempts).toBe(2);
    expect(await effects(envelope.id)).toBe(1);
  });

  it('terminates malformed messages without calling the handler and keeps consuming', async () => {
    const type = 'test.malformed.v1';
    const good = createEnvelope(type, { ok: true });
    const handler = jest.fn(recordEffect);
    const consumer = newConsumer('malformed', type, handler);
    await consumer.start();
    await publishRaw(type, 'not json', 'bad-1');
    await publishRaw(type, { id: 'not-a-uuid', type, occurredAt: new Date().toISOString(), data: {} }, 'bad-2');
    await publishRaw(type, good, good.id);
    await waitFor(
      async () => (await effects(good.id)) === 1 && (await drained(consumer)()),
      60_000,
      'good event applied',
    );
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('keeps its position across restarts and delivers outbox events end to end', async () => {
    const type = 'test.e2e.v1';
    const relay = new OutboxRelay({ dataSource: h.ds, schema: SCHEMA, nats: h.nc, logger: quiet, pollIntervalMs: 50 });
    running.push(relay);
    await relay.start();
    const publisher = new EventPublisher(h.ds, SCHEMA, relay);
    const handler = jest.fn(recordEffect);
    const first = newConsumer('e2e', type, handler);
    await first.start();
    const one = await publisher.transaction((_em, emit) => emit(type, { n: 1 }, { accountId: 'acc-9' }));
    await waitFor(async () => (await effects(one.id)) === 1, 60_000, 'first event applied');
    await first.stop();

    // While nobody consumes, the durable keeps the event for the next start.
    const two = await publisher.transaction((_em, emit) => emit(type, { n: 2 }));
    const second = newConsumer('e2e', type, handler);
    await second.start();
    await waitFor(
      async () => (await effects(two.id)) === 1 && (await drained(second)()),
      60_000,
      'second event applied',
    );
    expect(handler).toHaveBeenCalledTimes(2);
    expect(handler.mock.calls[0][0]).toMatchObject({ id: one.id, type, accountId: 'acc-9', data: { n: 1 } });
  });
});
