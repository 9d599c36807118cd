import { Injectable } from '@nestjs/common';
import {
  Actor,
  InvoiceListQuery,
  InvoiceListView,
  InvoiceView,
  NotFoundError,
  ValidationFailedError,
} from '@sms/contracts';
import { isCalendarDate } from '../domain/issue-date';
import { decodeInvoiceCursor, encodeInvoiceCursor } from './invoice-cursor';
import { InvoiceRecord, toInvoiceView } from './invoice.record';
import { InvoiceRepository } from './invoice.repository';

const DEFAULT_LIMIT = 50;

/** GET /invoices and GET /invoices/{id}: the owner's invoices only. */
@Injectable()
export class InvoiceQueryService {
  constructor(private readonly invoices: InvoiceRepository) {}

  async list(actor: Actor, q: InvoiceListQuery): Promise<InvoiceListView> {
    validatePeriod(q);
    const after = q.cursor !== undefined ? decodeInvoiceCursor(q.cursor) : undefined;
    // Invoices are the owner's: for a sub-account manager they do not exist (issue 5: 404).
    if (actor.role !== 'owner') throw new NotFoundError('Invoices');
    const limit = q.limit ?? DEFAULT_LIMIT;
    const rows = await this.invoices.list(actor.accountId, {
      status: q.status,
      from: q.from,
      to: q.to,
      after,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toInvoiceView),
      nextCursor: rows.length > limit ? encodeInvoiceCursor({ year: last.year, seq: last.seq }) : null,
    };
  }

  async get(actor: Actor, invoiceId: string): Promise<InvoiceView> {
    return toInvoiceView(await this.require(actor, invoiceId));
  }

  /** The invoice if the actor owns it; 404 otherwise, the same for a manager and for another tenant. */
  async require(actor: Actor, invoiceId: string): Promise<InvoiceRecord> {
    const invoice = actor.role === 'owner' ? await this.invoices.findById(actor.accountId, invoiceId) : null;
    if (!invoice) throw new NotFoundError('Invoice');
    return invoice;
  }
}

function validatePeriod(q: InvoiceListQuery): void {
  const errors = (['from', 'to'] as const)
    .filter((field) => q[field] !== undefined && !isCalendarDate(q[field] as string))
    .map((field) => ({ field, message: `${field} must be an existing date YYYY-MM-DD` }));
  if (errors.length === 0 && q.from && q.to && q.from > q.to) {
    errors.push({ field: 'from', message: 'from must not be after to' });
  }
  if (errors.length > 0) throw new ValidationFailedError(errors);
}
