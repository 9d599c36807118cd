import { LoggerService } from '@nestjs/common';
import { AnyEvent, event, EventDescriptor } from '@sms/contracts';
import { IsInt, IsOptional, Min } from 'class-validator';
import { EntityManager } from 'typeorm';
import { DLQ_HEADERS, EventBatchHandler, EventConsumer, EventConsumerOptions, EventHandler } from './event-consumer';
import { createEnvelope, EventEnvelope, eventSubject, eventsStreamName } from './event-envelope';
import { EventPublisher } from './event-publisher';
import { countRows, Harness, SCHEMA, setUpHarness, waitFor } from './events.test-harness';
import { OutboxRelay } from './outbox-relay';

class TestData {
  @IsOptional() @IsInt() @Min(0) n?: number;
}
/** A test event per case (own durable, own subject). */
const testEvent = (name: string): EventDescriptor<TestData> => event('test', `${name}.v1`, TestData);

const quiet: LoggerService = { log: () => undefined, error: () => undefined, warn: () => undefined };

async function recordEffect(envelope: EventEnvelope, em: EntityManager): Promise<void> {
  await em.query(`INSERT INTO ${SCHEMA}.effects (event_id, note) VALUES ($1, $2)`, [envelope.id, envelope.type]);
}

describe('EventConsumer (PostgreSQL + JetStream)', () => {
  let h: Harness;
  const running: { stop(): Promise<void> }[] = [];

  const newConsumer = (
    purpose: string,
    evt: EventDescriptor<TestData>,
    handler: EventHandler<EventDescriptor<TestData>>,
  ): EventConsumer<AnyEvent> => {
    const c = new EventConsumer({
      dataSource: h.ds,
      schema: SCHEMA,
      nats: h.nc,
      natsPrefix: h.natsPrefix,
      service: 'test',
      purpose,
      events: [evt],
      handler,
      logger: quiet,
      retryDelayMs: () => 100,
    });
    running.push(c);
    return c;
  };
  /** A batch handler recording each event's effect, and each batch's size in `sizes`. */
  const recordingSizes =
    (sizes: number[]): EventBatchHandler<EventDescriptor<TestData>> =>
    async (envelopes, em) => {
      sizes.push(envelopes.length);
      for (const e of envelopes) await recordEffect(e, em);
    };
  /** A batch consumer of `evt` (options beyond the batch in `extra`), stopped after the test. */
  const newBatchConsumer = (
    purpose: string,
    evt: EventDescriptor<TestData>,
    batch: NonNullable<EventConsumerOptions<EventDescriptor<TestData>>['batch']>,
    extra: Partial<EventConsumerOptions<EventDescriptor<TestData>>> = {},
  ): EventConsumer<EventDescriptor<TestData>> => {
    const c = new EventConsumer({
      dataSource: h.ds,
      schema: SCHEMA,
      nats: h.nc,
      natsPrefix: h.natsPrefix,
      service: 'test',
      purpose,
      events: [evt],
      batch,
      logger: quiet,
      ...extra,
    });
    running.push(c);
    return c;
  };
  const publishRaw = (type: string, body: unknown, msgID: string) =>
    h.js.publish(
      eventSubject(type, h.natsPrefix),
      new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)),
      {
        msgID,
      },
    );
  /** Settled: nothing left to deliver and nothing awaiting an ack. */
  const drained = (c: EventConsumer<AnyEvent>) => async () => {
    const info = await h.jsm.consumers.info(eventsStreamName(h.natsPrefix), c.durableName);
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
    const evt = testEvent('dup');
    const type = evt.type;
    const envelope = createEnvelope(evt, { n: 5 });
    const calls: string[] = [];
    const consumer = newConsumer('dup', evt, async (e, em) => {
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
    const evt = testEvent('flaky');
    const type = evt.type;
    const envelope = createEnvelope(evt, { n: 1 });
    let attempts = 0;
    const consumer = newConsumer('flaky', evt, async (e, em) => {
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

  it('dead-letters malformed messages without calling the handler and keeps consuming', async () => {
    const evt = testEvent('malformed');
    const type = evt.type;
    const good = createEnvelope(evt, { n: 3 });
    const handler = jest.fn(recordEffect);
    const consumer = newConsumer('malformed', evt, handler);
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

  it('dead-letters an event whose data fails its class, with the reason, and keeps consuming', async () => {
    const evt = testEvent('invalid');
    const bad = createEnvelope(evt.type, { n: -1 });
    const good = createEnvelope(evt, { n: 7 });
    const handler = jest.fn(recordEffect);
    const consumer = newConsumer('invalid', evt, handler);
    await consumer.start();
    await publishRaw(evt.type, bad, bad.id);
    await publishRaw(evt.type, good, good.id);
    await waitFor(
      async () => (await effects(good.id)) === 1 && (await drained(consumer)()),
      60_000,
      'good event applied after the bad one',
    );
    expect(handler).toHaveBeenCalledTimes(1);
    expect(await effects(bad.id)).toBe(0);
    // Parked on <prefix>dlq.evt.<type>, the original bytes with the reason and the consumer.
    const dlq = await h.js.consumers.get(eventsStreamName(h.natsPrefix), {
      filterSubjects: `${h.natsPrefix}dlq.evt.${evt.type}`,
    });
    const letter = await dlq.next({ expires: 5000 });
    expect(letter).not.toBeNull();
    expect(JSON.parse(new TextDecoder().decode(letter!.data))).toMatchObject({ id: bad.id, data: { n: -1 } });
    expect(letter!.headers?.get(DLQ_HEADERS.reason)).toContain('n must not be less than 0');
    expect(letter!.headers?.get(DLQ_HEADERS.consumer)).toBe(consumer.durableName);
    expect(letter!.headers?.get(DLQ_HEADERS.subject)).toBe(eventSubject(evt.type, h.natsPrefix));
  });

  it('acks unhandled, before validation, the events its appliesTo turns down', async () => {
    const evt = testEvent('narrowed');
    // Turned down and invalid: acked, neither applied nor dead-lettered; then one it applies.
    const other = createEnvelope(evt.type, { n: -5 });
    const wanted = createEnvelope(evt, { n: 2 });
    const handler = jest.fn(recordEffect);
    const consumer = new EventConsumer({
      dataSource: h.ds,
      schema: SCHEMA,
      nats: h.nc,
      natsPrefix: h.natsPrefix,
      service: 'test',
      purpose: 'narrowed',
      events: [evt],
      appliesTo: (e) => (e.data as { n?: number }).n !== -5,
      handler,
      logger: quiet,
      retryDelayMs: () => 100,
    });
    running.push(consumer);
    await consumer.start();
    await publishRaw(evt.type, other, other.id);
    await publishRaw(evt.type, wanted, wanted.id);
    await waitFor(
      async () => (await effects(wanted.id)) === 1 && (await drained(consumer)()),
      60_000,
      'the event it applies applied after the one it turned down',
    );
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0][0].id).toBe(wanted.id);
    expect(await countRows(h.ds, `${SCHEMA}.inbox WHERE event_id = $1`, [other.id])).toBe(0);
    const info = await h.jsm.streams.info(eventsStreamName(h.natsPrefix), {
      subjects_filter: `${h.natsPrefix}dlq.evt.${evt.type}`,
    });
    expect(info.state.subjects?.[`${h.natsPrefix}dlq.evt.${evt.type}`] ?? 0).toBe(0);
  });

  it('applies a batch in one transaction, skipping the events it already applied', async () => {
    const evt = testEvent('batch');
    const batches: number[] = [];
    const consumer = newBatchConsumer(
      'batch',
      evt,
      {
        maxEvents: 50,
        handler: recordingSizes(batches),
      },
      { maxMessages: 200, retryDelayMs: () => 100 },
    );
    const envelopes = Array.from({ length: 120 }, (_, n) => createEnvelope(evt, { n }));
    for (const e of envelopes) await publishRaw(evt.type, e, e.id);
    await publishRaw(evt.type, envelopes[0], `${envelopes[0].id}-again`); // a repeat beyond dedup
    await publishRaw(evt.type, 'not json', 'batch-bad');
    await consumer.start();
    await waitFor(drained(consumer), 60_000, 'batch consumer drained');
    expect(await countRows(h.ds, `${SCHEMA}.effects WHERE note = $1`, [evt.type])).toBe(120);
    expect(Math.max(...batches)).toBeLessThanOrEqual(50);
  });

  it('with two batch pullers on one durable, applies every event without waiting for its ack to run out', async () => {
    const evt = testEvent('batch-pullers');
    const pullers = [0, 1].map(() =>
      newBatchConsumer(
        'batch-pullers',
        evt,
        {
          maxEvents: 50,
          handler: async (envelopes, em) => {
            for (const e of envelopes) await recordEffect(e, em);
          },
        },
        // A partial batch held for messages the other puller took would only move on after this.
        { maxMessages: 200, ackWaitMs: 300_000 },
      ),
    );
    for (const p of pullers) await p.start();
    const envelopes = Array.from({ length: 60 }, (_, n) => createEnvelope(evt, { n }));
    await Promise.all(envelopes.map((e) => publishRaw(evt.type, e, e.id)));
    await waitFor(
      async () => (await countRows(h.ds, `${SCHEMA}.effects WHERE note = $1`, [evt.type])) === 60,
      120_000,
      'all 60 applied',
    );
  });

  it('takes the events that reached it while a batch was applied into the next batch, not one per transaction', async () => {
    const evt = testEvent('batch-backlog');
    const batches: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const consumer = newBatchConsumer(
      'batch-backlog',
      evt,
      {
        maxEvents: 500,
        handler: async (envelopes, em) => {
          batches.push(envelopes.length);
          await gate;
          for (const e of envelopes) await recordEffect(e, em);
        },
      },
      { maxMessages: 500 },
    );
    await consumer.start();
    const first = createEnvelope(evt, { n: 0 });
    await publishRaw(evt.type, first, first.id);
    await waitFor(async () => batches.length === 1, 30_000, 'the first batch in its handler');
    // Published one by one while the pull is open: each reaches the client with nothing pending on the server.
    const rest = Array.from({ length: 100 }, (_, n) => createEnvelope(evt, { n: n + 1 }));
    for (const e of rest) await publishRaw(evt.type, e, e.id);
    await waitFor(
      async () =>
        (await h.jsm.consumers.info(eventsStreamName(h.natsPrefix), consumer.durableName)).num_ack_pending === 101,
      30_000,
      'all 101 delivered to the client',
    );
    release();
    await waitFor(drained(consumer), 60_000, 'backlog consumer drained');
    expect(await countRows(h.ds, `${SCHEMA}.effects WHERE note = $1`, [evt.type])).toBe(101);
    expect(batches[0]).toBe(1);
    expect(batches.length).toBeLessThanOrEqual(3);
  });

  it('with lingerMs, waits once for the events that follow the first instead of applying it alone', async () => {
    const evt = testEvent('batch-linger');
    const batches: number[] = [];
    // Far longer than the four publishes below take: they join the first event's batch.
    const consumer = newBatchConsumer(
      'batch-linger',
      evt,
      {
        maxEvents: 500,
        lingerMs: 3000,
        handler: recordingSizes(batches),
      },
      { maxMessages: 500 },
    );
    await consumer.start();
    const envelopes = Array.from({ length: 5 }, (_, n) => createEnvelope(evt, { n }));
    for (const e of envelopes) await publishRaw(evt.type, e, e.id);
    await waitFor(drained(consumer), 60_000, 'linger consumer drained');
    expect(await countRows(h.ds, `${SCHEMA}.effects WHERE note = $1`, [evt.type])).toBe(5);
    expect(batches).toEqual([5]);
  });

  it('keeps its position across restarts and delivers outbox events end to end', async () => {
    const evt = testEvent('e2e');
    const type = evt.type;
    const relay = new OutboxRelay({
      dataSource: h.ds,
      schema: SCHEMA,
      nats: h.nc,
      natsPrefix: h.natsPrefix,
      logger: quiet,
      pollIntervalMs: 50,
    });
    running.push(relay);
    await relay.start();
    const publisher = new EventPublisher(h.ds, { schema: SCHEMA, natsPrefix: h.natsPrefix }, relay);
    const handler = jest.fn(recordEffect);
    const first = newConsumer('e2e', evt, handler);
    await first.start();
    const one = await publisher.transaction((_em, emit) => emit(evt, { n: 1 }, { accountId: 'acc-9' }));
    await waitFor(async () => (await effects(one.id)) === 1, 60_000, 'first event applied');
    await first.stop();

    // While nobody consumes, the durable keeps the event for the next start.
    const two = await publisher.transaction((_em, emit) => emit(evt, { n: 2 }));
    const second = newConsumer('e2e', evt, handler);
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
