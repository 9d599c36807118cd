import { eventually } from '@sms/testing';
import { NotificationsEnv } from '../notifications-env';
import { AttemptDone, WebhookDelivery } from './webhook-delivery';
import { ClaimedDelivery, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookDispatcher } from './webhook-dispatcher';
import { WebhookFailureMailer } from './webhook-failure.mailer';

/** A promise and the function that settles it. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

/**
 * The worker over a fake queue of `total` due deliveries whose attempts and recordings finish when
 * the test says so: what it has claimed, sent and recorded at any time.
 */
function worker(slots: number, total: number) {
  const queue = Array.from({ length: total }, (_, i) => ({ id: `d${i}`, attempts: 1 }) as ClaimedDelivery);
  const claimed: string[] = [];
  const sends = new Map<string, ReturnType<typeof gate>>();
  const records = new Map<string, ReturnType<typeof gate>>();
  const recorded: string[] = [];
  const state = { sweeps: 0, closed: false, released: false };
  /** A gate of this worker: open at once after `release()`. */
  const held = (): ReturnType<typeof gate> => {
    const g = gate();
    if (state.released) g.open();
    return g;
  };
  const repo = {
    claimDue: async (limit: number) => {
      const batch = queue.splice(0, limit);
      claimed.push(...batch.map((d) => d.id));
      return batch;
    },
  } as unknown as WebhookDeliveryRepository;
  const done: AttemptDone = { outcome: { status: 204, error: null, latencyMs: 1, retryAfterMs: null }, verdict: { kind: 'delivered' } };
  const delivery = {
    sender: { close: () => (state.closed = true) },
    attempt: async (d: ClaimedDelivery) => {
      const g = held();
      sends.set(d.id, g);
      await g.promise;
      return done;
    },
    settle: async (d: ClaimedDelivery) => {
      const g = held();
      records.set(d.id, g);
      await g.promise;
      recorded.push(d.id);
    },
  } as unknown as WebhookDelivery;
  const mailer = { sweep: async () => void state.sweeps++ } as unknown as WebhookFailureMailer;
  const env = {
    WEBHOOK_SEND_CONCURRENCY: slots,
    WEBHOOK_POLL_MS: 20,
    WEBHOOK_TIMEOUT_MS: 1000,
    DATABASE_URL: 'postgres://unused',
  } as NotificationsEnv;
  const dispatcher = new WebhookDispatcher(env, repo, delivery, mailer);
  // No database here: polling alone drives it (the LISTEN connection is the int tests').
  (dispatcher as unknown as { listen(): Promise<void> }).listen = async () => undefined;
  /** Every attempt and recording finishes, now and from now on. */
  const release = () => {
    state.released = true;
    for (const g of [...sends.values(), ...records.values()]) g.open();
  };
  return { dispatcher, claimed, sends, records, recorded, state, release };
}

describe('WebhookDispatcher', () => {
  it('frees a sending slot when its POST is over, before the result is recorded', async () => {
    const w = worker(2, 10);
    await w.dispatcher.onApplicationBootstrap();
    try {
      await eventually('two attempts', () => w.sends.size === 2);
      expect(w.claimed).toEqual(['d0', 'd1']);
      w.sends.get('d0')!.open();
      w.sends.get('d1')!.open();
      // Both wait for their group commit, and two more are on their way already.
      await eventually('two more attempts', () => w.sends.size === 4);
      expect(w.recorded).toEqual([]);
      expect(w.records.size).toBe(2);
    } finally {
      w.release();
      await w.dispatcher.beforeApplicationShutdown();
    }
  });

  it('holds at most two claims per slot while recording lags, and claims again once results are written', async () => {
    const w = worker(2, 10);
    await w.dispatcher.onApplicationBootstrap();
    try {
      for (const id of ['d0', 'd1', 'd2', 'd3']) {
        await eventually(`the attempt of ${id}`, () => w.sends.has(id));
        w.sends.get(id)!.open();
      }
      await eventually('four results waiting', () => w.records.size === 4);
      // Four sent, none recorded: nothing more is claimed, however many rounds the loop makes.
      const sweeps = w.state.sweeps;
      await eventually('three more rounds of the loop', () => w.state.sweeps >= sweeps + 3);
      expect(w.claimed).toEqual(['d0', 'd1', 'd2', 'd3']);
      w.records.get('d0')!.open();
      await eventually('a fifth claim', () => w.claimed.includes('d4'));
      expect(w.claimed).toHaveLength(5);
    } finally {
      w.release();
      await w.dispatcher.beforeApplicationShutdown();
    }
  });

  it('at shutdown, waits for the results in hand to be recorded', async () => {
    const w = worker(2, 2);
    await w.dispatcher.onApplicationBootstrap();
    await eventually('two attempts', () => w.sends.size === 2);
    for (const g of w.sends.values()) g.open();
    await eventually('two results waiting', () => w.records.size === 2);
    let stopped = false;
    const stopping = w.dispatcher.beforeApplicationShutdown().then(() => (stopped = true));
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    expect({ stopped, closed: w.state.closed }).toEqual({ stopped: false, closed: false });
    for (const g of w.records.values()) g.open();
    await stopping;
    expect(w.recorded.sort()).toEqual(['d0', 'd1']);
    expect(w.state.closed).toBe(true);
  });
});
