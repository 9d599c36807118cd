import { Controller, Headers, HttpCode, Post, RawBodyRequest, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  BillingRpc,
  MAX_PAYMENT_EVENT_BYTES,
  PaymentEventBody,
  PaymentEventResult,
  UnauthorizedError,
} from '@sms/contracts';
import { FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator';
import { RpcClient } from '@sms/nats';

/**
 * The payment provider's webhook. The gateway forwards the exact bytes and the signature to
 * billing, which holds the secret and decides; nothing here can mark an invoice paid.
 */
@ApiTags('purchases and invoices')
@Controller('payments')
export class PaymentsWebhookController {
  constructor(private readonly services: RpcClient) {}

  @Public()
  @Post('webhook')
  @HttpCode(200)
  @ApiOperation({
    summary: "The payment provider's signed event: a payment.succeeded event marks its invoice paid once",
    description:
      'Only with PAYMENTS=provider. `Payment-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`, ' +
      'at most 5 minutes old; the amount and currency must equal the invoice total. Idempotent by the event id: a ' +
      'replay answers 200 with `duplicate: true` and changes nothing.',
  })
  @ApiHeader({ name: 'Payment-Signature', required: true, description: 't=<unix seconds>,v1=<hex HMAC-SHA256>' })
  @ApiBody({
    type: PaymentEventBody,
    examples: {
      paid: {
        value: {
          id: 'evt_3PqR8sT2u',
          type: 'payment.succeeded',
          data: { invoiceId: '0b5c7a52-3f0e-4c1e-9d8e-6a2f4b1c9e10', amount: 20740, currency: 'EUR' },
        },
      },
    },
  })
  @ApiResponse({ status: 200, type: PaymentEventResult })
  @ApiResponse({ status: 400, description: 'Not an event of the expected shape; nothing changed' })
  @ApiResponse({ status: 401, description: 'Signature missing, wrong, or older than 5 minutes; nothing changed' })
  @ApiResponse({ status: 404, description: 'Payments are simulated here (PAYMENTS=simulated): no webhook' })
  @ApiResponse({ status: 422, description: 'Unknown invoice, or amount or currency not its total; nothing changed' })
  receive(
    @Req() req: RawBodyRequest<FastifyRequest>,
    @Headers('payment-signature') signature: string | undefined,
  ): Promise<PaymentEventResult> {
    const raw = req.rawBody?.toString('utf8') ?? '';
    if (!signature) throw new UnauthorizedError('A Payment-Signature header is required.', 'payment-signature-invalid');
    if (raw.length > MAX_PAYMENT_EVENT_BYTES)
      throw new UnauthorizedError('Event too large.', 'payment-signature-invalid');
    return this.services.send(BillingRpc.receivePaymentEvent, { rawBody: raw, signature });
  }
}
