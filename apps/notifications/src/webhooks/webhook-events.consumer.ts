import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import {
  AnyEvent,
  AuditEvents,
  BillingEvents,
  MessagingEvents,
  statusChangeEventId,
  statusChangesOf,
} from '@sms/contracts';
import { ConsumerRegistration, EventConsumers, EventEnvelope, EventOf } from '@sms/events';
import { NOTIFICATIONS_ENV, NotificationsEnv } from '../notifications-env';
import {
  inboundEvent,
  invoicePaidEvent,
  isSubAccountAction,
  messageStatusEvent,
  PublicEvent,
  subAccountChangedEvent,
} from './public-events';
import { FanOutItem, WebhookFanOut } from './webhook-fan-out';

/** The delivery of an event that is one public event, under its own id. */
const one =
  <T extends object>(toPublic: (data: T, occurredAt: string) => PublicEvent | null) =>
  (e: EventEnvelope<T>): FanOutItem[] => [{ eventId: e.id, event: toPublic(e.data, e.occurredAt) }];

/** Events applied per transaction, at most: one inbox insert, one subscriber lookup, one queue insert. */
const BATCH_EVENTS = 500;
/** The same for `message.status-changed-batch.v1` (up to 200 changes each): ≤ 10,000 messages per transaction. */
const STATUS_BATCH_EVENTS = 50;

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
      await this.register('webhooks-message-status', MessagingEvents.messageStatusChanged, one(messageStatusEvent));
    // What messaging publishes since issue 12: each change is its own public event, under an id
    // derived from the batch event's and the message's (the same on every redelivery of the batch).
    for (let i = 0; i < this.env.WEBHOOK_CONSUMER_CONCURRENCY; i++)
      await this.register(
        'webhooks-message-status-batch',
        MessagingEvents.messageStatusesChanged,
        (e) =>
          statusChangesOf(e.data).map((d) => {
            let id: string | undefined;
            return {
              // Derived (a hash) only for a change some webhook receives: most accounts have none.
              get eventId(): string {
                return (id ??= statusChangeEventId(e.id, d.messageId));
              },
              event: messageStatusEvent(d, d.at),
            };
          }),
        {},
        STATUS_BATCH_EVENTS,
      );
    await this.register('webhooks-inbound', MessagingEvents.inboundReceived, one(inboundEvent));
    await this.register('webhooks-invoice-paid', BillingEvents.invoicePaid, one(invoicePaidEvent));
    // One puller: a sub-account's changes keep the order the gateway recorded them in (a batch keeps it too).
    // Every audit entry shares one subject: only the sub-account actions are this consumer's (the
    // others are acked unread, and a malformed one is reporting's to dead-letter, not ours).
    await this.register('webhooks-sub-account', AuditEvents.recorded, one(subAccountChangedEvent), {
      appliesTo: (e) => isSubAccountAction((e.data as { action?: unknown } | null)?.action),
    });
  }

  private async register<D extends AnyEvent>(
    purpose: string,
    event: D,
    toItems: (envelope: EventOf<D>) => FanOutItem[],
    narrow: Pick<ConsumerRegistration<D>, 'appliesTo'> = {},
    maxEvents = BATCH_EVENTS,
  ): Promise<void> {
    await this.consumers.register({
      purpose,
      events: [event],
      ...narrow,
      batch: {
        maxEvents,
        handler: async (events, em) => {
          await this.fanOut.publishMany(em, events.flatMap(toItems));
        },
      },
      maxMessages: maxEvents,
      maxAckPending: maxEvents * 4,
    });
  }
}
