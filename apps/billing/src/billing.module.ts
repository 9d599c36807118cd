import { RpcModule } from '@sms/nats';
import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, healthControllerFor } from '@sms/database';
import { EventsModule } from '@sms/events';
import { BILLING_ENV, BillingEnv } from './billing-env';
import { IdentityClient } from './identity/identity.client';
import { BillingMessageController } from './billing.message.controller';
import { BILLING_SETTINGS, billingSettingsFrom } from './billing-settings';
import { Clock, CLOCK, systemClock } from './clock';
import { InvoicePaymentService } from './invoices/invoice-payment.service';
import { InvoicePdfRepository } from './invoices/invoice-pdf.repository';
import { InvoicePdfService } from './invoices/invoice-pdf.service';
import { InvoiceQueryService } from './invoices/invoice-query.service';
import { InvoiceRepository } from './invoices/invoice.repository';
import { BillingInit1764400000000 } from './migrations/1764400000000-billing-init';
import { BillingPaymentEvents1765000000000 } from './migrations/1765000000000-billing-payment-events';
import { BillingOutboxTraceparent1765400000000 } from './migrations/1765400000000-billing-outbox-traceparent';
import { PaymentEventRepository } from './payments/payment-event.repository';
import { PaymentWebhookService } from './payments/payment-webhook.service';
import { PricingService } from './pricing/pricing.service';
import { PurchaseService } from './purchases/purchase.service';

export const BILLING_MIGRATIONS = [
  BillingInit1764400000000,
  BillingPaymentEvents1765000000000,
  BillingOutboxTraceparent1765400000000,
];

export interface BillingModuleOverrides {
  /** Tests move time (e.g. across New Year) without touching the system clock. */
  clock?: Clock;
}

/** Pricing, purchases, gapless invoices with VAT, invoice PDFs, payment → InvoicePaid event. */
@Module({})
export class BillingModule {
  static register(env: BillingEnv, overrides: BillingModuleOverrides = {}): DynamicModule {
    return {
      module: BillingModule,
      imports: [
        RpcModule.forService('billing', env),
        DatabaseModule.forService({
          url: env.DATABASE_URL,
          schema: 'billing',
          entities: [],
          migrations: BILLING_MIGRATIONS,
        }),
        EventsModule.forService({
          schema: 'billing',
          service: 'billing',
          natsUrl: env.NATS_URL,
          natsPrefix: env.NATS_PREFIX,
        }),
      ],
      controllers: [BillingMessageController, healthControllerFor('billing')],
      providers: [
        { provide: BILLING_ENV, useValue: env },
        IdentityClient,
        { provide: BILLING_SETTINGS, useValue: billingSettingsFrom(env) },
        { provide: CLOCK, useValue: overrides.clock ?? systemClock },
        InvoiceRepository,
        InvoicePdfRepository,
        PricingService,
        PurchaseService,
        InvoiceQueryService,
        InvoicePaymentService,
        InvoicePdfService,
        PaymentEventRepository,
        PaymentWebhookService,
      ],
    };
  }
}
