import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ActorEnvelope,
  BillingRpc,
  InvoiceListView,
  InvoicePdfQuery,
  InvoicePdfReply,
  InvoiceRef,
  InvoiceView,
  ListInvoicesQuery,
  PayInvoiceCommand,
  PaymentEventCommand,
  PaymentEventResult,
  PricingView,
  PurchaseCommand,
} from '@sms/contracts';
import { InvoicePaymentService } from './invoices/invoice-payment.service';
import { InvoicePdfService } from './invoices/invoice-pdf.service';
import { InvoiceQueryService } from './invoices/invoice-query.service';
import { PaymentWebhookService } from './payments/payment-webhook.service';
import { PricingService } from './pricing/pricing.service';
import { PurchaseService } from './purchases/purchase.service';

@Controller()
export class BillingMessageController {
  constructor(
    private readonly pricingService: PricingService,
    private readonly purchases: PurchaseService,
    private readonly query: InvoiceQueryService,
    private readonly payments: InvoicePaymentService,
    private readonly pdfs: InvoicePdfService,
    private readonly webhook: PaymentWebhookService,
  ) {}

  @Handles(BillingRpc.getPricing)
  pricing(@Payload() _q: ActorEnvelope): PricingView {
    return this.pricingService.pricing();
  }

  @Handles(BillingRpc.purchase)
  purchase(@Payload() cmd: PurchaseCommand): Promise<InvoiceView> {
    return this.purchases.purchase(cmd);
  }

  @Handles(BillingRpc.listInvoices)
  list(@Payload() q: ListInvoicesQuery): Promise<InvoiceListView> {
    return this.query.list(q.actor, q.query);
  }

  @Handles(BillingRpc.getInvoice)
  get(@Payload() q: InvoiceRef): Promise<InvoiceView> {
    return this.query.get(q.actor, q.invoiceId);
  }

  @Handles(BillingRpc.getInvoicePdf)
  pdf(@Payload() q: InvoicePdfQuery): Promise<InvoicePdfReply> {
    return this.pdfs.pdf(q.actor, q.invoiceId, q.ifNoneMatch);
  }

  @Handles(BillingRpc.receivePaymentEvent)
  paymentEvent(@Payload() cmd: PaymentEventCommand): Promise<PaymentEventResult> {
    return this.webhook.receive(cmd);
  }

  @Handles(BillingRpc.payInvoice)
  pay(@Payload() cmd: PayInvoiceCommand): Promise<InvoiceView> {
    return this.payments.pay(cmd);
  }
}
