import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { MessagingEvents } from '@sms/contracts';
import { EventConsumers, EventOf, isEvent } from '@sms/events';
import { EntityManager } from 'typeorm';
import { MessageProjection } from './message.projection';
import { UsageRollup } from './usage-rollup';

const HISTORY_EVENTS = [MessagingEvents.messageSubmitted, MessagingEvents.messageStatusChanged];
type HistoryEvent = EventOf<(typeof HISTORY_EVENTS)[number]>;

/**
 * The durable consumer feeding the history read model, in batches (libs/events' batch mode):
 * the events at hand (up to 500) are applied in one transaction that first records their ids in
 * the inbox, applies only the new ones, and commits before the acks — a transaction per batch
 * instead of per event (a sent message is three events). A failing batch is nak'ed and redelivered.
 */
@Injectable()
export class HistoryEventsConsumer implements OnModuleInit {
  constructor(
    @Inject(EventConsumers) private readonly consumers: EventConsumers,
    private readonly projection: MessageProjection,
    private readonly rollup: UsageRollup,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.consumers.register({
      purpose: 'history',
      events: HISTORY_EVENTS,
      // One wildcard subject rather than two: filter_subjects needs nats-server 2.10+.
      filterType: 'messaging.message.>',
      batch: { maxEvents: 500, handler: (events, em) => this.apply(events, em) },
      maxMessages: 1000,
      maxAckPending: 5000,
      retryDelayMs: () => 1000,
    });
  }

  /** The effects of one batch's new events, in the consumer's transaction. */
  private async apply(events: HistoryEvent[], em: EntityManager): Promise<void> {
    // The rollups follow the rows' transitions (before → after), so they count each message once.
    const ids = [...new Set(events.map((e) => e.data.messageId))];
    const before = await this.rollup.lockAndRead(em, ids);
    await this.projection.submittedMany(
      em,
      events.filter((e) => isEvent(e, MessagingEvents.messageSubmitted)).map((e) => e.data),
    );
    await this.projection.statusChangedMany(
      em,
      events.filter((e) => isEvent(e, MessagingEvents.messageStatusChanged)).map((e) => e.data),
    );
    await this.rollup.apply(em, before, await this.rollup.read(em, ids));
  }
}
