import { PageQuery } from '../common/page';

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { Type } from 'class-transformer';

import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { ActorEnvelope } from '../common/actor';
import { IdempotencyMeta, IdempotentActorEnvelope } from '../common/idempotency';

/** Upper bound of one purchase: 1,000,000 SMS (68,000 € at the top tier); larger orders are a typo. */
export const MAX_SMS_PER_PURCHASE = 1_000_000;

export const INVOICE_STATUSES = ['unpaid', 'paid'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const VAT_KINDS = ['standard', 'reverse-charge', 'outside-scope'] as const;
export type InvoiceVatKind = (typeof VAT_KINDS)[number];

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export class PurchaseBody {
  @ApiProperty({ minimum: 1, maximum: MAX_SMS_PER_PURCHASE, example: 2500 })
  @IsInt({ message: 'smsCount must be a whole number' })
  @Min(1)
  @Max(MAX_SMS_PER_PURCHASE)
  smsCount: number;
}

export class PurchaseCommand extends IdempotentActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => PurchaseBody)
  purchase: PurchaseBody;
}

/** `GET /invoices` query string. Dates are calendar dates of issue (inclusive), in the seller's time zone. */
export class InvoiceListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INVOICE_STATUSES, example: 'paid' })
  @IsOptional()
  @IsIn(INVOICE_STATUSES as unknown as string[])
  status?: InvoiceStatus;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'Issued on or after this date (YYYY-MM-DD)' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Issued on or before this date (YYYY-MM-DD)' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}

export class ListInvoicesQuery extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => InvoiceListQuery)
  query: InvoiceListQuery;
}

export class InvoiceIdParam {
  @ApiProperty({ format: 'uuid', example: '0b5c7a52-3f0e-4c1e-9d8e-6a2f4b1c9e10' })
  @IsUUID(undefined, { message: 'id must be a UUID' })
  id: string;
}

export class InvoiceRef extends ActorEnvelope {
  @IsUUID()
  invoiceId: string;
}

/** GET /invoices/{id}/pdf: with the client's If-None-Match, billing answers notModified without the bytes. */
export class InvoicePdfQuery extends InvoiceRef {
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  ifNoneMatch?: string;
}

export class PayInvoiceCommand extends InvoiceRef {
  @IsOptional()
  @ValidateNested()
  @Type(() => IdempotencyMeta)
  idempotency?: IdempotencyMeta;
}

export class InvoiceView {
  @ApiProperty({ format: 'uuid', example: '0b5c7a52-3f0e-4c1e-9d8e-6a2f4b1c9e10' }) id: string;
  @ApiProperty({ example: '2026-000001', description: 'Sequential per calendar year, without gaps' })
  number: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T09:15:00.000Z' }) issuedAt: string;
  @ApiProperty({ example: 2500 }) smsCount: number;
  @ApiProperty({ example: 68, description: 'Unit price in tenths of a euro cent (68 = 6.8 cents)' })
  unitPriceTenthsOfCent: number;
  @ApiProperty({ example: 17000, description: 'Integer cents' }) amountExclVat: number;
  @ApiProperty({
    example: 22,
    description: 'VAT rate in percent (22 = 22 %, 5.5 = 5.5 %); 0 for reverse charge and outside scope',
  })
  vatRate: number;
  @ApiProperty({ enum: VAT_KINDS, example: 'standard' }) vatKind: InvoiceVatKind;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Legal mention printed on the invoice when no VAT is charged',
    example: null,
  })
  vatMention: string | null;
  @ApiProperty({ example: 3740, description: 'Integer cents' }) vatAmount: number;
  @ApiProperty({ example: 20740, description: 'Integer cents: amountExclVat + vatAmount' }) total: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ enum: INVOICE_STATUSES, example: 'paid' }) status: InvoiceStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, example: '2026-11-30T09:20:00.000Z' }) paidAt:
    | string
    | null;
}

export class InvoiceListView {
  @ApiProperty({ type: [InvoiceView] }) items: InvoiceView[];
  @ApiProperty({ nullable: true, type: String, example: 'eyJjIjoiMjAyNi0xMS0zMFQwOToxNTowMFoiLCJpIjoiMGI1YyJ9' })
  nextCursor: string | null;
}

export class PriceTierView {
  @ApiProperty({ example: 1000 }) minSms: number;
  @ApiProperty({ example: 2499, nullable: true, type: Number, description: 'null for the last tier' })
  maxSms: number | null;
  @ApiProperty({ example: 70, description: 'Price of one SMS in tenths of a euro cent (70 = 7.0 cents)' })
  unitPriceTenthsOfCent: number;
  @ApiProperty({ example: '0.070', description: 'Price of one SMS in euros, as a decimal string' })
  unitPrice: string;
}

export class PricingView {
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ description: 'Prices exclude VAT', example: false }) vatIncluded: boolean;
  @ApiProperty({ example: 22, description: "Seller's standard VAT rate in percent" }) standardVatRate: number;
  @ApiProperty({ example: MAX_SMS_PER_PURCHASE }) maxSmsPerPurchase: number;
  @ApiProperty({
    type: [PriceTierView],
    description: 'The whole purchase takes the unit price of the tier its SMS count falls in',
  })
  tiers: PriceTierView[];
}

/**
 * The rendered PDF travels base64-encoded in the NATS reply (invoices are ~25 KB, replies are capped
 * at 1 MB). `etag` names the stored version (an invoice's bytes never change once rendered for a
 * status); when the query's ifNoneMatch matches it, `notModified` is true and no bytes travel.
 */
export interface InvoicePdfReply {
  number: string;
  filename: string;
  etag: string;
  notModified?: boolean;
  contentBase64?: string;
}

/** Largest payment-provider event accepted (they are a few hundred bytes). */
export const MAX_PAYMENT_EVENT_BYTES = 64 * 1024;

/** `POST /payments/webhook` as received: the exact bytes (the signature covers them) and the signature header. */
export class PaymentEventCommand {
  @IsString()
  @MaxLength(MAX_PAYMENT_EVENT_BYTES)
  rawBody: string;

  @IsString()
  @MaxLength(1000)
  signature: string;
}

/** A payment provider's event (body of `POST /payments/webhook`), signed with `Payment-Signature`. */
export class PaymentEventBody {
  @ApiProperty({ description: "The provider's event id: an event is applied once", example: 'evt_3PqR8sT2u' })
  id: string;
  @ApiProperty({ enum: ['payment.succeeded'], example: 'payment.succeeded' }) type: string;
  @ApiProperty({
    description: 'The invoice paid, and the amount in cents and currency that must equal its total',
    example: { invoiceId: '0b5c7a52-3f0e-4c1e-9d8e-6a2f4b1c9e10', amount: 20740, currency: 'EUR' },
  })
  data: { invoiceId: string; amount: number; currency: string };
}

export class PaymentEventResult {
  @ApiProperty({ example: true }) received: boolean;
  @ApiProperty({ description: 'This event id was applied before: nothing changed', example: false })
  duplicate: boolean;
  @ApiProperty({ description: 'This event marked the invoice paid (credits follow once)', example: true })
  paid: boolean;
}
