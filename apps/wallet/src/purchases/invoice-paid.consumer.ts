import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { BillingEvents } from '@sms/contracts';
import { EventConsumers, EventPublisher } from '@sms/events';
import { PurchaseService } from './purchase.service';

/** Durable JetStream consumer of billing's "invoice paid": credits the wallet exactly once. */
@Injectable()
export class InvoicePaidConsumer implements OnModuleInit {
  constructor(
    @Inject(EventConsumers) private readonly consumers: EventConsumers,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    private readonly purchases: PurchaseService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.consumers.register({
      purpose: 'credit-on-invoice-paid',
      events: [BillingEvents.invoicePaid],
      handler: async (envelope, em) => {
        const outcome = await this.purchases.applyInvoicePaid(em, envelope.data);
        // The handler's transaction commits right after; wake the relay for the balance event.
        if (outcome === 'credited') setImmediate(() => this.events.notifyCommitted());
      },
    });
  }
}
