import { defineSubjects } from '../common/subjects';

/** Request/reply subjects of the billing service (payloads in billing.payloads.ts). */
export const BillingSubjects = defineSubjects('billing', {
  getPricing: 'pricing.get.v1',
  purchase: 'purchase.create.v1',
  listInvoices: 'invoice.list.v1',
  getInvoice: 'invoice.get.v1',
  getInvoicePdf: 'invoice.pdf.get.v1',
  payInvoice: 'invoice.pay.v1',
  /** A payment provider's signed event, forwarded as received by the gateway (billing verifies it). */
  receivePaymentEvent: 'payment.event.receive.v1',
});
