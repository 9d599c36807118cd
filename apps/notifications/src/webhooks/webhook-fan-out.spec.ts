import type { EntityManager } from 'typeorm';
import type { NotificationsEnv } from '../notifications-env';
import type { PublicEvent } from './public-events';
import type { NewDelivery, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { FanOutItem, WebhookFanOut } from './webhook-fan-out';
import type { WebhookRepository } from './webhook.repository';

const event = (accountId: string): PublicEvent => ({
  type: 'message.status',
  accountIds: [accountId],
  subAccountId: null,
  orderKey: null,
  occurredAt: '2026-11-30T20:00:00.000Z',
  data: {},
});

/** An item whose id may be read only when some webhook receives it. */
function item(accountId: string, id: string, reads: string[]): FanOutItem {
  return {
    get eventId(): string {
      reads.push(id);
      return id;
    },
    event: event(accountId),
  };
}

describe('WebhookFanOut.publishMany', () => {
  it('reads the event id only of the items a webhook receives (a status change derives it with a hash)', async () => {
    const queued: NewDelivery[] = [];
    const webhooks = {
      subscribersOf: () => Promise.resolve([{ id: 'w1', accountId: 'subscribed', events: ['message.status'] }]),
    } as unknown as WebhookRepository;
    const deliveries = {
      enqueue: (_em: EntityManager, rows: NewDelivery[]) => {
        queued.push(...rows);
        return Promise.resolve();
      },
    } as unknown as WebhookDeliveryRepository;
    const fanOut = new WebhookFanOut(webhooks, deliveries, { WEBHOOK_GIVE_UP_AFTER_MS: 60_000 } as NotificationsEnv);
    const reads: string[] = [];
    const items = [item('quiet', 'e1', reads), item('subscribed', 'e2', reads), item('quiet', 'e3', reads)];

    expect(await fanOut.publishMany({} as EntityManager, items)).toBe(1);
    expect(queued.map((d) => [d.webhookId, d.eventId])).toEqual([['w1', 'e2']]);
    expect(new Set(reads)).toEqual(new Set(['e2']));
  });
});
