import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NOTIFICATIONS_ENV, NotificationsEnv } from '../notifications-env';
import { deliveryBody, PublicEvent } from './public-events';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookRepository } from './webhook.repository';

/**
 * Turns one public event into a queued delivery per subscribed webhook, inside the caller's
 * transaction (the event consumer's, with its inbox row): the event is queued exactly when it
 * is marked applied, so nothing is lost in a crash and a redelivered event queues nothing twice.
 * The event id is the internal event's id, so every delivery and retry of it carries the same one.
 */
@Injectable()
export class WebhookFanOut {
  constructor(
    @Inject(WebhookRepository) private readonly webhooks: WebhookRepository,
    @Inject(WebhookDeliveryRepository) private readonly deliveries: WebhookDeliveryRepository,
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
  ) {}

  async publish(em: EntityManager, eventId: string, event: PublicEvent | null): Promise<number> {
    if (!event) return 0;
    const targets = await this.webhooks.subscribers(em, event.accountIds, event.type);
    await this.deliveries.enqueue(
      em,
      targets.map((t) => ({
        webhookId: t.id,
        eventId,
        eventType: event.type,
        orderKey: event.orderKey,
        body: deliveryBody(eventId, t.accountId, event),
      })),
      this.env.WEBHOOK_GIVE_UP_AFTER_MS,
    );
    return targets.length;
  }
}
