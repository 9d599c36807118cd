import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { AnyEvent, AuditEvents, BillingEvents, MessagingEvents } from '@sms/contracts';
import { ConsumerRegistration, EventConsumers, EventOf } from '@sms/events';
import { NOTIFICATIONS_ENV, NotificationsEnv } from '../notifications-env';
import {
  inboundEvent,
  invoicePaidEvent,
  isSubAccountAction,
  messageStatusEvent,
  PublicEvent,
  subAccountChangedEvent,
} from './public-events';
import { WebhookFanOut } from './webhook-fan-out';

/** Events applied per transaction, at most: one inbox insert, one subscriber lookup, one queue insert. */
const BATCH_EVENTS = 500;

/**
 * Durable JetStream consumers (one per internal event type, inbox-backed) that queue webhook
 * deliveries, in libs/events' batch mode: the events at hand (up to BATCH_EVENTS; a single one when
 * the stream is quiet) are fanned out in one transaction with their inbox rows, so the fan-out keeps
 * up with a burst by growing its batches instead of queueing in JetStream. The NOTIFY of the queue
 * insert wakes the dispatcher at commit. `balance.low` is queued by the balance-alert detector
 * itself, at the crossing it already detects (see BalanceAlertDetector).
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
    for (let i = 0; i < this.env.WEBHOOK_CONSUMER_CONCURRENCY; i++)
      await this.register('webhooks-message-status', MessagingEvents.messageStatusChanged, (d, at) =>
        messageStatusEvent(d, at),
      );
    await this.register('webhooks-inbound', MessagingEvents.inboundReceived, (d, at) => inboundEvent(d, at));
    await this.register('webhooks-invoice-paid', BillingEvents.invoicePaid, (d, at) => invoicePaidEvent(d, at));
    // One puller: a sub-account's changes keep the order the gateway recorded them in (a batch keeps it too).
    // Every audit entry shares one subject: only the sub-account actions are this consumer's (the
    // others are acked unread, and a malformed one is reporting's to dead-letter, not ours).
    await this.register('webhooks-sub-account', AuditEvents.recorded, (d, at) => subAccountChangedEvent(d, at), {
      appliesTo: (e) => isSubAccountAction((e.data as { action?: unknown } | null)?.action),
    });
  }

  private async register<D extends AnyEvent>(
    purpose: string,
    event: D,
    toPublic: (data: EventOf<D>['data'], occurredAt: string) => PublicEvent | null,
    narrow: Pick<ConsumerRegistration<D>, 'appliesTo'> = {},
  ): Promise<void> {
    await this.consumers.register({
      purpose,
      events: [event],
      ...narrow,
      batch: {
        maxEvents: BATCH_EVENTS,
        handler: async (events, em) => {
          await this.fanOut.publishMany(
            em,
            events.map((e) => ({ eventId: e.id, event: toPublic(e.data, e.occurredAt) })),
          );
        },
      },
      maxMessages: BATCH_EVENTS,
      maxAckPending: BATCH_EVENTS * 4,
    });
  }
}
