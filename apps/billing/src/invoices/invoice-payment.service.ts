import { Inject, Injectable } from '@nestjs/common';
import { BillingEvents, InvoicePaidData, InvoiceView, NotFoundError, PayInvoiceCommand } from '@sms/contracts';
import { onceForKey } from '@sms/database';
import { EventPublisher } from '@sms/events';
import { BILLING_ENV, BillingEnv } from '../billing-env';
import { Clock, CLOCK } from '../clock';
import { PaymentsByProviderError } from '../payments/payment-event.errors';
import { InvoiceRepository } from './invoice.repository';
import { toInvoiceView } from './invoice.record';

/**
 * POST /invoices/{id}/pay, only with PAYMENTS=simulated (stands in for the provider's webhook). The status change
 * and the InvoicePaid event commit together; only the transition unpaid → paid emits, so a
 * second pay — sequential or concurrent — returns the paid invoice and emits nothing.
 */
@Injectable()
export class InvoicePaymentService {
  constructor(
    private readonly events: EventPublisher,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly invoices: InvoiceRepository,
    @Inject(BILLING_ENV) private readonly env: BillingEnv,
  ) {}

  async pay(cmd: PayInvoiceCommand): Promise<InvoiceView> {
    const { actor, invoiceId } = cmd;
    if (actor.role !== 'owner') throw new NotFoundError('Invoice');
    if (this.env.PAYMENTS !== 'simulated') throw new PaymentsByProviderError();
    return this.events.transaction((em, emit) =>
      onceForKey(em, 'billing', actor.accountId, cmd.idempotency, async () => {
        // Conditional update: a concurrent pay waits on the row lock, then finds it no longer unpaid.
        const paid = await this.invoices.markPaid(em, actor.accountId, invoiceId, this.clock.now());
        if (paid) {
          const data: InvoicePaidData = {
            invoiceId: paid.id,
            invoiceNumber: paid.number,
            accountId: paid.accountId,
            smsCount: paid.smsCount,
            paidAt: (paid.paidAt as Date).toISOString(),
          };
          await emit(BillingEvents.invoicePaid, data, { accountId: paid.accountId, occurredAt: paid.paidAt as Date });
          return toInvoiceView(paid);
        }
        const current = await this.invoices.findById(actor.accountId, invoiceId, em);
        if (!current) throw new NotFoundError('Invoice');
        return toInvoiceView(current);
      }),
    );
  }
}
