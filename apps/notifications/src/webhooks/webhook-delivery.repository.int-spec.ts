import { openServiceDataSource } from '@sms/database';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { NOTIFICATIONS_MIGRATIONS } from '../notifications.module';
import { ClaimedDelivery, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookRepository } from './webhook.repository';

// Two replicas of the worker sharing one delivery queue: two connection pools on one database of
// this file's own (no notifications service running on it, so no third worker claims).
const runDatabaseUrl = new URL(process.env.DATABASE_URL!);
const database = `${runDatabaseUrl.pathname.slice(1)}_webhook_queue`;
async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: runDatabaseUrl.toString() });
  await c.connect();
  await c.query(sql).finally(() => c.end());
}

const replicas: DataSource[] = [];
let a: WebhookDeliveryRepository;
let b: WebhookDeliveryRepository;
let webhookId: string;

beforeAll(async () => {
  await admin(`CREATE DATABASE "${database}"`);
  const own = new URL(runDatabaseUrl);
  own.pathname = `/${database}`;
  for (let i = 0; i < 2; i++)
    replicas.push(
      await openServiceDataSource({
        url: own.toString(),
        schema: 'notifications',
        entities: [],
        migrations: NOTIFICATIONS_MIGRATIONS,
        poolSize: 4,
      }),
    );
  [a, b] = replicas.map((ds) => new WebhookDeliveryRepository(ds));
  webhookId = randomUUID();
  await new WebhookRepository(replicas[0]).insert(randomUUID(), {
    id: webhookId,
    url: 'https://receiver.example/hook',
    events: ['message.status'],
    secretSealed: 'v1.x.y.z',
    secretPrefix: 'whsec_x',
  });
});
afterAll(async () => {
  for (const ds of replicas) await ds.destroy();
  await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
});

/** `n` due deliveries of the webhook (no order key: all may go at once); their ids. */
async function enqueue(n: number): Promise<Set<string>> {
  const eventIds = Array.from({ length: n }, () => randomUUID());
  await replicas[0].transaction((em) =>
    a.enqueue(
      em,
      eventIds.map((eventId) => ({ webhookId, eventId, eventType: 'message.status', orderKey: null, body: '{}' })),
      60_000,
    ),
  );
  const rows: { id: string }[] = await replicas[0].query(
    `SELECT id FROM notifications.webhook_deliveries WHERE event_id = ANY($1::uuid[])`,
    [eventIds],
  );
  return new Set(rows.map((r) => r.id));
}

describe('webhook delivery queue shared by two replicas', () => {
  it('gives each due delivery to one replica only, however their claims interleave', async () => {
    const ids = await enqueue(400);
    const claims = new Map<string, number>();
    const drain = async (repo: WebhookDeliveryRepository, limits: number[]) => {
      for (let i = 0; ; i++) {
        const batch = await repo.claimDue(limits[i % limits.length], 60_000);
        for (const d of batch) claims.set(d.id, (claims.get(d.id) ?? 0) + 1);
        if (batch.length === 0) return;
      }
    };
    // Several claimers per replica, as the worker's loop and a neighbour's overlap.
    await Promise.all([
      drain(a, [7, 1, 30]),
      drain(a, [3, 50]),
      drain(b, [13, 2]),
      drain(b, [40, 5, 9]),
    ]);
    expect([...claims.keys()].filter((id) => ids.has(id)).length).toBe(ids.size);
    expect([...claims.values()].filter((n) => n > 1)).toEqual([]);
  });

  it('a failed attempt whose lease ran out does not overwrite the newer claim; its success still counts', async () => {
    const [id] = await enqueue(1);
    const first = (await a.claimDue(10, 60_000)).find((d) => d.id === id) as ClaimedDelivery;
    expect(first.attempts).toBe(1);
    // Its lease runs out (a stalled replica), and the other one claims the delivery again.
    await replicas[0].query(
      `UPDATE notifications.webhook_deliveries SET next_attempt_at = now() - interval '1 second' WHERE id = $1`,
      [id],
    );
    const second = (await b.claimDue(10, 60_000)).find((d) => d.id === id) as ClaimedDelivery;
    expect(second.attempts).toBe(2);
    const row = async () =>
      (
        (await replicas[0].query(
          `SELECT status, attempts, response_status AS "responseStatus",
                  next_attempt_at > now() + interval '30 seconds' AS "leased"
           FROM notifications.webhook_deliveries WHERE id = $1`,
          [id],
        )) as { status: string; attempts: number; responseStatus: number | null; leased: boolean }[]
      )[0];

    // The stalled replica's 503 would bring the row back in 1 ms, under the second claim's feet.
    await a.recordAttempts([
      {
        id,
        attempts: 1,
        attempt: { status: 503, latencyMs: 5, error: null },
        next: { kind: 'retry', delayMs: 1 },
      },
    ]);
    await expect(row()).resolves.toEqual({ status: 'pending', attempts: 2, responseStatus: null, leased: true });

    // A 2xx of the stalled attempt: the receiver has the event, whichever claim it came from.
    await a.recordAttempts([
      { id, attempts: 1, attempt: { status: 204, latencyMs: 5, error: null }, next: { kind: 'delivered' } },
    ]);
    await expect(row()).resolves.toMatchObject({ status: 'delivered', responseStatus: 204 });

    // The newer claim's own result, coming last, leaves the delivered row as it is.
    await b.recordAttempts([
      { id, attempts: 2, attempt: { status: 500, latencyMs: 5, error: null }, next: { kind: 'retry', delayMs: 1 } },
    ]);
    await expect(row()).resolves.toMatchObject({ status: 'delivered', responseStatus: 204 });
  });
});
