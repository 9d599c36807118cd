import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NOTIFICATIONS_ENV, NotificationsEnv } from '../notifications-env';
import { deliveryBody, PublicEvent } from './public-events';
import { NewDelivery, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookRepository } from './webhook.repository';

/** One internal event and what a receiver gets of it (null: nothing, e.g. a non-final status). */
export interface FanOutItem {
  eventId: string;
  event: PublicEvent | null;
}

/**
 * Turns public events into a queued delivery per subscribed webhook, inside the caller's
 * transaction (the event consumer's, with its inbox rows): the events are queued exactly when
 * they are marked applied, so nothing is lost in a crash and a redelivered event queues nothing
 * twice. A batch costs one subscriber lookup and one multi-row insert (rows in event order, so
 * the queue's seq keeps each message's order). The event id is the internal event's id, so every
 * delivery and retry of it carries the same one.
 */
@Injectable()
export class WebhookFanOut {
  constructor(
    @Inject(WebhookRepository) private readonly webhooks: WebhookRepository,
    @Inject(WebhookDeliveryRepository) private readonly deliveries: WebhookDeliveryRepository,
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
  ) {}

  async publish(em: EntityManager, eventId: string, event: PublicEvent | null): Promise<number> {
    return this.publishMany(em, [{ eventId, event }]);
  }

  /** Queues the deliveries of every item; returns how many. */
  async publishMany(em: EntityManager, items: FanOutItem[]): Promise<number> {
    const live = items.filter((i): i is { eventId: string; event: PublicEvent } => i.event !== null);
    if (live.length === 0) return 0;
    const accountIds = [...new Set(live.flatMap((i) => i.event.accountIds))];
    const types = [...new Set(live.map((i) => i.event.type))];
    const byAccount = new Map<string, { id: string; accountId: string; events: string[] }[]>();
    for (const w of await this.webhooks.subscribersOf(em, accountIds, types)) {
      const list = byAccount.get(w.accountId) ?? [];
      list.push(w);
      byAccount.set(w.accountId, list);
    }
    const rows: NewDelivery[] = [];
    // `item.eventId` is read only for a receiving webhook: a status change derives it (a hash).
    for (const item of live)
      for (const accountId of item.event.accountIds)
        for (const w of byAccount.get(accountId) ?? [])
          if (w.events.includes(item.event.type))
            rows.push({
              webhookId: w.id,
              eventId: item.eventId,
              eventType: item.event.type,
              orderKey: item.event.orderKey,
              body: deliveryBody(item.eventId, w.accountId, item.event),
            });
    await this.deliveries.enqueue(em, rows, this.env.WEBHOOK_GIVE_UP_AFTER_MS);
    return rows.length;
  }
}
