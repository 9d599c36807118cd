import { Inject, Injectable } from '@nestjs/common';
import { BillingEvents, InvoicePaidData, PaymentEventCommand, PaymentEventResult } from '@sms/contracts';
import { EventPublisher } from '@sms/events';
import { BILLING_ENV, BillingEnv } from '../billing-env';
import { Clock, CLOCK } from '../clock';
import { InvoiceRepository } from '../invoices/invoice.repository';
import {
  PaymentEventInvalidError,
  PaymentMismatchError,
  PaymentSignatureError,
  PaymentsSimulatedError,
} from './payment-event.errors';
import { PaymentEventRepository } from './payment-event.repository';
import { paymentSignatureProblem } from './payment-signature';

interface ProviderEvent {
  id: string;
  type: string;
  data: { invoiceId: string; amount: number; currency: string };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The payment provider's webhook (PAYMENTS=provider): a `payment.succeeded` event, signed over
 * its exact bytes with PAYMENT_WEBHOOK_SECRET and at most five minutes old, whose amount and
 * currency equal the invoice's total, marks the invoice paid. The event id is recorded in the
 * same transaction as the payment and the InvoicePaid event (primary key), so a replay, a
 * retry or a concurrent duplicate changes nothing; a refused event records nothing.
 */
@Injectable()
export class PaymentWebhookService {
  constructor(
    @Inject(BILLING_ENV) private readonly env: BillingEnv,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly events: EventPublisher,
    private readonly invoices: InvoiceRepository,
    private readonly paymentEvents: PaymentEventRepository,
  ) {}

  async receive(cmd: PaymentEventCommand): Promise<PaymentEventResult> {
    if (this.env.PAYMENTS !== 'provider') throw new PaymentsSimulatedError();
    const now = this.clock.now();
    const problem = paymentSignatureProblem(
      cmd.signature,
      cmd.rawBody,
      this.env.PAYMENT_WEBHOOK_SECRET,
      Math.floor(now.getTime() / 1000),
    );
    if (problem) throw new PaymentSignatureError(problem);
    const event = parseEvent(cmd.rawBody);
    if (event.type !== 'payment.succeeded') return { received: true, duplicate: false, paid: false };
    return this.events.transaction(async (em, emit) => {
      const invoice = await this.paymentEvents.lockInvoice(em, event.data.invoiceId);
      if (!invoice) throw new PaymentMismatchError('no such invoice');
      if (event.data.amount !== invoice.totalCents || event.data.currency !== invoice.currency) {
        throw new PaymentMismatchError(
          `the amount ${event.data.amount} ${event.data.currency} is not the invoice's total ${invoice.totalCents} ${invoice.currency}`,
        );
      }
      if (!(await this.paymentEvents.record(em, event.id, invoice))) {
        return { received: true, duplicate: true, paid: false };
      }
      // Only unpaid → paid emits: an invoice already paid (simulated, or another event) credits nothing more.
      const paid = await this.invoices.markPaid(em, invoice.accountId, invoice.id, now);
      if (paid) {
        const data: InvoicePaidData = {
          invoiceId: paid.id,
          invoiceNumber: paid.number,
          accountId: paid.accountId,
          smsCount: paid.smsCount,
          paidAt: now.toISOString(),
        };
        await emit(BillingEvents.invoicePaid, data, { accountId: paid.accountId, occurredAt: now });
      }
      return { received: true, duplicate: false, paid: paid !== null };
    });
  }
}

function parseEvent(raw: string): ProviderEvent {
  let e: unknown;
  try {
    e = JSON.parse(raw);
  } catch {
    throw new PaymentEventInvalidError('the body is not JSON');
  }
  const ev = e as Partial<ProviderEvent> | null;
  const d = ev?.data;
  if (
    typeof ev?.id !== 'string' ||
    ev.id.length < 1 ||
    ev.id.length > 255 ||
    typeof ev.type !== 'string' ||
    typeof d !== 'object' ||
    d === null ||
    typeof d.invoiceId !== 'string' ||
    !UUID.test(d.invoiceId) ||
    !Number.isSafeInteger(d.amount) ||
    typeof d.currency !== 'string'
  ) {
    throw new PaymentEventInvalidError('expected {id, type, data: {invoiceId, amount, currency}}');
  }
  return ev as ProviderEvent;
}
