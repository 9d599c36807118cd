import { LoggerService } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createEnvelope, eventSubject, eventsStreamName } from './event-envelope';
import { countRows, Harness, readStream, SCHEMA, setUpHarness, waitFor } from './events.test-harness';
import { appendToOutbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

const quiet: LoggerService = { log: () => undefined, error: () => undefined, warn: () => undefined };

describe('OutboxRelay (PostgreSQL + JetStream)', () => {
  let h: Harness;
  const relays: OutboxRelay[] = [];
  const newRelay = (ds: DataSource, extra: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {}): OutboxRelay => {
    const relay = new OutboxRelay({
      dataSource: ds,
      schema: SCHEMA,
      nats: h.nc,
      natsPrefix: h.natsPrefix,
      logger: quiet,
      pollIntervalMs: 50,
      ...extra,
    });
    relays.push(relay);
    return relay;
  };

  beforeAll(async () => {
    h = await setUpHarness();
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
  });
  afterAll(async () => {
    await h.teardown();
  });

  it('publishes a committed event exactly once, even with two relays racing and rows re-queued', async () => {
    const type = 'test.committed.v1';
    const envelopes = Array.from({ length: 50 }, (_, i) => createEnvelope(type, { i }, { accountId: 'acc-1' }));
    await h.ds.transaction(async (em) => {
      for (const e of envelopes) await appendToOutbox(em, SCHEMA, e, h.natsPrefix);
    });

    // Two replicas, each with its own pool, small batches so they interleave on the same table.
    const other = await h.openDataSource();
    const a = newRelay(h.ds, { batchSize: 7 });
    const b = newRelay(other, { batchSize: 7 });
    await Promise.all([a.start(), b.start()]);
    a.notify();
    b.notify();
    await waitFor(
      async () => (await countRows(h.ds, `${SCHEMA}.outbox WHERE published_at IS NULL`)) === 0,
      60_000,
      'outbox drained',
    );

    // Redundant runs: nothing left to publish.
    expect(await a.runOnce()).toBe(0);
    expect(await b.runOnce()).toBe(0);

    // Simulate a crash between PubAck and the UPDATE: rows re-queued are re-published, and
    // JetStream drops them by Nats-Msg-Id within the duplicate window.
    await h.ds.query(`UPDATE ${SCHEMA}.outbox SET published_at = NULL WHERE id = ANY($1::uuid[])`, [
      envelopes.slice(0, 10).map((e) => e.id),
    ]);
    await waitFor(
      async () => (await countRows(h.ds, `${SCHEMA}.outbox WHERE published_at IS NULL`)) === 0,
      60_000,
      're-queued drained',
    );

    const received = await readStream(h, eventSubject(type, h.natsPrefix));
    expect(received).toHaveLength(50);
    expect(new Set(received.map((e) => e.id)).size).toBe(50);
    expect(received.map((e) => e.id).sort()).toEqual(envelopes.map((e) => e.id).sort());
    expect(received.find((e) => e.id === envelopes[3].id)).toEqual(envelopes[3]);
  });

  it('hands each row to exactly one of several concurrent batches (SKIP LOCKED)', async () => {
    const type = 'test.race.v1';
    const other = await h.openDataSource();
    // Long poll interval: only the explicit runOnce() calls below publish.
    const a = newRelay(h.ds, { batchSize: 5, pollIntervalMs: 60_000 });
    const b = newRelay(other, { batchSize: 5, pollIntervalMs: 60_000 });
    // Every claim counts, the relays' own first loop pass included (it may still be running).
    let claimed = 0;
    for (const relay of [a, b]) {
      const runOnce = relay.runOnce.bind(relay);
      relay.runOnce = async () => {
        const n = await runOnce();
        claimed += n;
        return n;
      };
    }
    await Promise.all([a.start(), b.start()]);
    const envelopes = Array.from({ length: 40 }, (_, i) => createEnvelope(type, { i }));
    await h.ds.transaction(async (em) => {
      for (const e of envelopes) await appendToOutbox(em, SCHEMA, e, h.natsPrefix);
    });
    while ((await countRows(h.ds, `${SCHEMA}.outbox WHERE published_at IS NULL`)) > 0) {
      await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    }
    // Had two batches claimed the same row, the sum would exceed the row count.
    expect(claimed).toBe(40);
    expect(await readStream(h, eventSubject(type, h.natsPrefix))).toHaveLength(40);
  });

  it('never publishes an event whose transaction rolled back', async () => {
    const type = 'test.rolledback.v1';
    const doomed = createEnvelope(type, { doomed: true });
    const kept = createEnvelope('test.kept.v1', { kept: true });
    await expect(
      h.ds.transaction(async (em) => {
        await appendToOutbox(em, SCHEMA, doomed, h.natsPrefix);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    await h.ds.transaction((em) => appendToOutbox(em, SCHEMA, kept, h.natsPrefix));

    const relay = newRelay(h.ds);
    await relay.start();
    relay.notify();
    await waitFor(
      async () => (await countRows(h.ds, `${SCHEMA}.outbox WHERE published_at IS NULL`)) === 0,
      60_000,
      'outbox drained',
    );

    expect(await countRows(h.ds, `${SCHEMA}.outbox WHERE id = $1`, [doomed.id])).toBe(0);
    expect(await readStream(h, eventSubject(type, h.natsPrefix))).toEqual([]);
    expect((await readStream(h, eventSubject('test.kept.v1', h.natsPrefix))).map((e) => e.id)).toEqual([kept.id]);
  });

  it('keeps rows unpublished while JetStream is unavailable and publishes them once it is back', async () => {
    const type = 'test.outage.v1';
    const e = createEnvelope(type, { outage: true });
    const failedBatches: unknown[] = [];
    const recording: LoggerService = { ...quiet, warn: (m: unknown) => void failedBatches.push(m) };
    const relay = newRelay(h.ds, { maxBackoffMs: 200, publishTimeoutMs: 500, ensureStream: false, logger: recording });
    await relay.start();
    // No stream: publishes fail (no responders), nothing may be marked published.
    const streamName = eventsStreamName(h.natsPrefix);
    const config = (await h.jsm.streams.info(streamName)).config;
    await h.jsm.streams.delete(streamName);
    await h.ds.transaction((em) => appendToOutbox(em, SCHEMA, e, h.natsPrefix));
    const failedBefore = failedBatches.length;
    relay.notify();
    // Positive signal: two more failed batches since the row was committed, so at least one tried it.
    await waitFor(async () => failedBatches.length >= failedBefore + 2, 60_000, 'failed publish attempts');
    expect(await countRows(h.ds, `${SCHEMA}.outbox WHERE id = $1 AND published_at IS NULL`, [e.id])).toBe(1);

    await h.jsm.streams.add(config);
    await waitFor(
      async () => (await countRows(h.ds, `${SCHEMA}.outbox WHERE published_at IS NULL`)) === 0,
      60_000,
      'published after outage',
    );
    expect((await readStream(h, eventSubject(type, h.natsPrefix))).map((x) => x.id)).toEqual([e.id]);
  });
});
