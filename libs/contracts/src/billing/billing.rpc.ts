import { ActorEnvelope } from '../common/actor';
import { rpc, type } from '../common/rpc';
import {
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
} from './billing.payloads';

/** Request/reply operations of the billing service (payloads in billing.payloads.ts). */
export const BillingRpc = {
  getPricing: rpc('billing', 'pricing.get.v1', ActorEnvelope, type<PricingView>()),
  purchase: rpc('billing', 'purchase.create.v1', PurchaseCommand, type<InvoiceView>()),
  listInvoices: rpc('billing', 'invoice.list.v1', ListInvoicesQuery, type<InvoiceListView>()),
  getInvoice: rpc('billing', 'invoice.get.v1', InvoiceRef, type<InvoiceView>()),
  getInvoicePdf: rpc('billing', 'invoice.pdf.get.v1', InvoicePdfQuery, type<InvoicePdfReply>()),
  payInvoice: rpc('billing', 'invoice.pay.v1', PayInvoiceCommand, type<InvoiceView>()),
  /** A payment provider's signed event, forwarded as received by the gateway (billing verifies it). */
  receivePaymentEvent: rpc('billing', 'payment.event.receive.v1', PaymentEventCommand, type<PaymentEventResult>()),
};
