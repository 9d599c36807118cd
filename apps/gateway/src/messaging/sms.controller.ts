import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IdempotencyMeta, MessagingRpc, SendSmsBody, SendSmsResult } from '@sms/contracts';
import { VerifiedToken } from '../auth/access-token.verifier';
import { Auth } from '../auth/current-actor.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiIdempotencyKey, Idempotency } from '../http/idempotency-key.decorator';
import { RpcClient } from '@sms/nats';

@ApiTags('sending')
@ApiBearerAuth()
@Controller('sms')
export class SmsController {
  constructor(private readonly services: RpcClient) {}

  @Post()
  @RequireScope('sms:send')
  @ApiOperation({ summary: 'Send an SMS or a campaign now or at scheduledAt: credits are reserved at once' })
  @HttpCode(202)
  @ApiIdempotencyKey()
  @ApiResponse({
    status: 202,
    type: SendSmsResult,
    description: 'Accepted: credits reserved, messages queued (or scheduled)',
  })
  @ApiResponse({ status: 400, description: 'Invalid recipients, text, sender or scheduledAt' })
  @ApiResponse({ status: 409, description: 'Idempotency-Key reused with a different body' })
  @ApiResponse({
    status: 422,
    description:
      'Balance too short (code insufficient-credits), or a sender this account may not use (code sender-not-approved: ' +
      'not on GET /account/senders as verified or approved): nothing sent, nothing charged',
  })
  send(
    @Auth() auth: VerifiedToken,
    @Body() sms: SendSmsBody,
    @Idempotency() idempotency: IdempotencyMeta | undefined,
  ): Promise<SendSmsResult> {
    return this.services.send(MessagingRpc.send, { actor: auth.actor, sms, idempotency });
  }
}
