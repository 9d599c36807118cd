import { Injectable, OnModuleInit } from '@nestjs/common';
import { MessageStatusChangedData, MessageSubmittedData, MessagingEvents } from '@sms/contracts';
import { EventConsumers, EventEnvelope } from '@sms/events';
import { EntityManager } from 'typeorm';
import { MessageProjection } from './message.projection';

/** Durable JetStream consumer `reporting-history` feeding the history read model. */
@Injectable()
export class MessageEventsConsumer implements OnModuleInit {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly projection: MessageProjection,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.consumers.register({
      purpose: 'history',
      // One wildcard rather than two types: filter_subjects needs nats-server 2.10+.
      eventTypes: ['messaging.message.>'],
      maxMessages: 256,
      handler: (envelope, em) => this.apply(envelope, em),
    });
  }

  private async apply(envelope: EventEnvelope, em: EntityManager): Promise<void> {
    switch (envelope.type) {
      case MessagingEvents.messageSubmitted:
        return this.projection.submitted(em, envelope.data as MessageSubmittedData);
      case MessagingEvents.messageStatusChanged:
        return this.projection.statusChanged(em, envelope.data as MessageStatusChangedData);
      default:
        return; // not ours: acknowledged and ignored
    }
  }
}
