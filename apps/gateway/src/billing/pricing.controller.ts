import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { BillingRpc, IdempotencyMeta, InvoiceView, PricingView, PurchaseBody } from '@sms/contracts';
import { VerifiedToken } from '../auth/access-token.verifier';
import { Auth } from '../auth/current-actor.decorator';
import { Audited } from '../audit/audited.decorator';
import { ApiIdempotencyKey, Idempotency } from '../http/idempotency-key.decorator';
import { RpcClient } from '@sms/nats';

@ApiTags('purchases and invoices')
@ApiBearerAuth()
@Controller()
export class PricingController {
  constructor(private readonly services: RpcClient) {}

  @Get('pricing')
  @ApiOperation({ summary: 'The price tiers on sale (prices exclude VAT)' })
  @ApiResponse({ status: 200, type: PricingView })
  pricing(@Auth() auth: VerifiedToken): Promise<PricingView> {
    return this.services.send(BillingRpc.getPricing, { actor: auth.actor });
  }

  @Post('purchases')
  @Audited({ action: 'purchase.create', target: 'invoice', changes: 'body' })
  @HttpCode(201)
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Buy SMS: issues an unpaid invoice at once',
    description:
      'Owner only (a sub-account manager gets 403). The invoice keeps a snapshot of the billing details as they are now; the credits arrive when the invoice is paid.',
  })
  @ApiResponse({ status: 201, type: InvoiceView })
  @ApiResponse({ status: 400, description: 'smsCount is not a whole number between 1 and 1,000,000' })
  @ApiResponse({ status: 403, description: 'Not the account owner' })
  @ApiResponse({ status: 409, description: 'Idempotency-Key reused with another body' })
  @ApiResponse({
    status: 422,
    description: 'Billing details incomplete (code billing-details-incomplete; errors[] names the fields)',
  })
  purchase(
    @Auth() auth: VerifiedToken,
    @Body() purchase: PurchaseBody,
    @Idempotency() idem: IdempotencyMeta | undefined,
  ): Promise<InvoiceView> {
    return this.services.send(BillingRpc.purchase, { actor: auth.actor, purchase, idempotency: idem });
  }
}
