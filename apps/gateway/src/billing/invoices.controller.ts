import { Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  BillingRpc,
  IdempotencyMeta,
  InvoiceIdParam,
  InvoiceListQuery,
  InvoiceListView,
  InvoiceView,
} from '@sms/contracts';
import { FastifyReply } from 'fastify';
import { VerifiedToken } from '../auth/access-token.verifier';
import { Auth } from '../auth/current-actor.decorator';
import { Audited } from '../audit/audited.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiIdempotencyKey, Idempotency } from '../http/idempotency-key.decorator';
import { RpcClient } from '@sms/nats';
import { InvoicePdfCache } from './invoice-pdf.cache';

@ApiTags('purchases and invoices')
@ApiBearerAuth()
@Controller('invoices')
export class InvoicesController {
  constructor(
    private readonly services: RpcClient,
    private readonly pdfCache: InvoicePdfCache,
  ) {}

  @Get()
  @RequireScope('invoices:read')
  @ApiOperation({ summary: 'My invoices, newest first (owner only; 404 for a sub-account manager)' })
  @ApiResponse({ status: 200, type: InvoiceListView })
  @ApiResponse({ status: 400, description: 'Bad limit, cursor, status or dates' })
  list(@Auth() auth: VerifiedToken, @Query() query: InvoiceListQuery): Promise<InvoiceListView> {
    return this.services.send(BillingRpc.listInvoices, { actor: auth.actor, query });
  }

  @Get(':id')
  @RequireScope('invoices:read')
  @ApiOperation({ summary: 'One of my invoices' })
  @ApiResponse({ status: 200, type: InvoiceView })
  @ApiResponse({ status: 404, description: 'No such invoice, or not yours' })
  get(@Auth() auth: VerifiedToken, @Param() p: InvoiceIdParam): Promise<InvoiceView> {
    return this.services.send(BillingRpc.getInvoice, { actor: auth.actor, invoiceId: p.id });
  }

  /**
   * Billing renders (once per version) and returns the bytes base64-encoded in its NATS reply;
   * the gateway has no database and must not import billing's internals. ~25 KB per invoice is
   * far below the 1 MB reply cap. The ETag names the stored version: a client revalidating with
   * If-None-Match gets 304 and billing reads no bytes. The gateway revalidates its own copy the
   * same way (InvoicePdfCache): billing still authorises every request, the bytes move once.
   */
  @Get(':id/pdf')
  @RequireScope('invoices:read')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The invoice as a PDF (seller, buyer as at issue, lines, VAT, totals, PAID/UNPAID)' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of a copy already held' })
  @ApiResponse({
    status: 200,
    description: 'application/pdf, as an attachment named invoice-<number>.pdf, with an ETag of this version',
  })
  @ApiResponse({ status: 304, description: 'The copy named by If-None-Match is current (paying makes a new version)' })
  @ApiResponse({ status: 404, description: 'No such invoice, or not yours' })
  async pdf(
    @Auth() auth: VerifiedToken,
    @Param() p: InvoiceIdParam,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | undefined> {
    const clientTag = ifNoneMatch?.slice(0, 1024);
    // The client's own copy first; without one, this gateway's copy (billing answers "not
    // modified" only to the invoice's owner, and only while that version is current).
    const cached = clientTag ? undefined : this.pdfCache.get(p.id);
    const tag = clientTag ?? cached?.etag;
    const pdf = await this.services.send(BillingRpc.getInvoicePdf, {
      actor: auth.actor,
      invoiceId: p.id,
      ...(tag ? { ifNoneMatch: tag } : {}),
    });
    void reply.header('etag', pdf.etag).header('cache-control', 'private, no-cache');
    let served: { filename: string; bytes: Buffer };
    if (pdf.contentBase64 !== undefined && !pdf.notModified) {
      served = { filename: pdf.filename, bytes: Buffer.from(pdf.contentBase64, 'base64') };
      this.pdfCache.set(p.id, { etag: pdf.etag, ...served });
    } else if (cached && cached.etag === pdf.etag) {
      served = cached;
    } else {
      void reply.status(304);
      return undefined;
    }
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${served.filename}"`)
      .header('content-length', String(served.bytes.length));
    return served.bytes;
  }

  @Post(':id/pay')
  @Audited({ action: 'invoice.pay', target: 'invoice' })
  @HttpCode(200)
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Mark the invoice paid (stands in for the payment provider webhook; PAYMENTS=simulated only)',
    description:
      'Credits the wallet with smsCount credits exactly once per invoice. Paying an already paid invoice returns it unchanged (200) and credits nothing. ' +
      'With PAYMENTS=provider this answers 403 and invoices are paid by POST /payments/webhook.',
  })
  @ApiResponse({ status: 200, type: InvoiceView })
  @ApiResponse({ status: 403, description: 'Payments go through the provider here (PAYMENTS=provider)' })
  @ApiResponse({ status: 404, description: 'No such invoice, or not yours' })
  pay(
    @Auth() auth: VerifiedToken,
    @Param() p: InvoiceIdParam,
    @Idempotency() idem: IdempotencyMeta | undefined,
  ): Promise<InvoiceView> {
    return this.services.send(BillingRpc.payInvoice, { actor: auth.actor, invoiceId: p.id, idempotency: idem });
  }
}
