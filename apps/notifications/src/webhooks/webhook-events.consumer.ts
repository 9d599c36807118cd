import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { AuditEvents, BillingEvents, MessagingEvents } from '@sms/contracts';
import { EventConsumers } from '@sms/events';
import { NOTIFICATIONS_ENV, NotificationsEnv } from '../notifications-env';
import { inboundEvent, invoicePaidEvent, messageStatusEvent, subAccountChangedEvent } from './public-events';
import { WebhookFanOut } from './webhook-fan-out';

/**
 * Durable JetStream consumers (one per internal event type, inbox-backed) that queue webhook
 * deliveries. `balance.low` is queued by the balance-alert detector itself, at the crossing it
 * already detects (see BalanceAlertDetector).
 */
@Injectable()
export class WebhookEventsConsumer implements OnModuleInit {
  constructor(
    @Inject(EventConsumers) private readonly consumers: EventConsumers,
    @Inject(WebhookFanOut) private readonly fanOut: WebhookFanOut,
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
  ) {}

  async onModuleInit(): Promise<void> {
    // The busiest source: several pullers. Each message has one final status, so no order is lost.
    for (let i = 0; i < this.env.WEBHOOK_CONSUMER_CONCURRENCY; i++) {
      await this.consumers.register({
        purpose: 'webhooks-message-status',
        events: [MessagingEvents.messageStatusChanged],
        handler: (evt, em) =>
          this.fanOut.publish(em, evt.id, messageStatusEvent(evt.data, evt.occurredAt)).then(() => undefined),
      });
    }
    await this.consumers.register({
      purpose: 'webhooks-inbound',
      events: [MessagingEvents.inboundReceived],
      handler: (evt, em) =>
        this.fanOut.publish(em, evt.id, inboundEvent(evt.data, evt.occurredAt)).then(() => undefined),
    });
    await this.consumers.register({
      purpose: 'webhooks-invoice-paid',
      events: [BillingEvents.invoicePaid],
      handler: (evt, em) =>
        this.fanOut.publish(em, evt.id, invoicePaidEvent(evt.data, evt.occurredAt)).then(() => undefined),
    });
    // One puller: a sub-account's changes keep the order the gateway recorded them in.
    await this.consumers.register({
      purpose: 'webhooks-sub-account',
      events: [AuditEvents.recorded],
      handler: (evt, em) =>
        this.fanOut.publish(em, evt.id, subAccountChangedEvent(evt.data, evt.occurredAt)).then(() => undefined),
    });
  }
}
