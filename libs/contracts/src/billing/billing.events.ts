import { IsInt, IsISO8601, IsNotEmpty, IsString, IsUUID, Max, Min } from 'class-validator';
import { event } from '../common/event';

/** The wallet credits `smsCount` credits to `accountId` exactly once per `invoiceId`. */
export class InvoicePaidEvent {
  @IsString() @IsNotEmpty() invoiceId: string;
  @IsString() invoiceNumber: string;
  @IsUUID() accountId: string;
  @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) smsCount: number;
  @IsISO8601() paidAt: string;
}
export type InvoicePaidData = InvoicePaidEvent;

/** Events billing publishes on JetStream (through its outbox). */
export const BillingEvents = {
  invoicePaid: event('billing', 'invoice.paid.v1', InvoicePaidEvent),
};
