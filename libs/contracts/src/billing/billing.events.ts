/** Event types billing publishes on JetStream (through its outbox). */
export const BillingEvents = {
  invoicePaid: 'billing.invoice.paid.v1',
} as const;

/** The wallet credits `smsCount` credits to `accountId` exactly once per `invoiceId`. */
export interface InvoicePaidData {
  invoiceId: string;
  invoiceNumber: string;
  accountId: string;
  smsCount: number;
  paidAt: string;
}
