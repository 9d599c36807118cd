import { BillingDetailsView, DomainError } from '@sms/contracts';
import type { InvoiceBuyerBlock } from '../domain/invoice-pdf.model';

const REQUIRED = ['company', 'firstName', 'lastName', 'address', 'postalCode', 'city', 'country'] as const;

/** 422 naming every billing field still to fill in, as `errors[]` too so a client can highlight them. */
export class BillingDetailsIncompleteError extends DomainError {
  readonly status = 422;

  constructor(readonly missing: string[]) {
    super(
      'billing-details-incomplete',
      `Complete your billing details before buying (PUT /account/billing): missing ${missing.join(', ')}.`,
      missing.map((field) => ({ field, message: `${field} is required on an invoice` })),
    );
  }
}

/** The buyer block to snapshot into the invoice, or a BillingDetailsIncompleteError. */
export function requireCompleteBuyer(b: BillingDetailsView): InvoiceBuyerBlock {
  const missing = REQUIRED.filter((field) => (b[field] ?? '').trim() === '');
  if (missing.length > 0) throw new BillingDetailsIncompleteError([...missing]);
  const vatNumber = (b.vatNumber ?? '').trim();
  return {
    company: (b.company as string).trim(),
    firstName: (b.firstName as string).trim(),
    lastName: (b.lastName as string).trim(),
    address: (b.address as string).trim(),
    postalCode: (b.postalCode as string).trim(),
    city: (b.city as string).trim(),
    country: (b.country as string).trim().toUpperCase(),
    vatNumber: vatNumber === '' ? null : vatNumber,
  };
}
