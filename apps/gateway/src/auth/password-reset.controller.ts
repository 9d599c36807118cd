import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IdentityRpc, PasswordResetConfirmBody, PasswordResetRequestBody } from '@sms/contracts';
import { RpcClient } from '@sms/nats';
import { Public } from './public.decorator';
import { RateLimited } from './rate-limit.guard';

@ApiTags('auth')
@Controller('auth/password-reset')
export class PasswordResetController {
  constructor(private readonly services: RpcClient) {}

  @Public()
  @RateLimited({ perClient: true, byEmail: true })
  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Forgotten password: mail a single-use reset token (valid one hour) to this address',
    description:
      'Always 202, whether or not the address has a login, so it reveals no accounts. A known address gets a mail ' +
      'in its account language; at most a few per login per hour (more requests still answer 202 and send nothing).',
  })
  @ApiBody({ type: PasswordResetRequestBody, examples: { request: { value: { email: 'anna@example.com' } } } })
  @ApiResponse({ status: 202, description: 'Accepted; a mail follows if the address has a login' })
  @ApiResponse({ status: 400, description: 'Not an e-mail address' })
  @ApiResponse({ status: 429, description: 'Too many requests from this client or for this address' })
  async request(@Body() body: PasswordResetRequestBody): Promise<void> {
    await this.services.send(IdentityRpc.requestPasswordReset, body);
  }

  @Public()
  @RateLimited()
  @Post('confirm')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a new password with the token from the reset mail; every session of that login ends',
  })
  @ApiBody({
    type: PasswordResetConfirmBody,
    examples: {
      confirm: { value: { token: 'q8Xb0Jt2a9c1kzYh3n4PwL5mR6sT7uV8wX9yZ0aB1cD', newPassword: 'a new long secret' } },
    },
  })
  @ApiResponse({ status: 204, description: 'Password set; refresh and access tokens of the login revoked' })
  @ApiResponse({
    status: 400,
    description: 'Token unknown, expired or already used, or password too short: nothing changed',
  })
  @ApiResponse({ status: 429, description: 'Too many attempts from this client' })
  async confirm(@Body() body: PasswordResetConfirmBody): Promise<void> {
    await this.services.send(IdentityRpc.confirmPasswordReset, body);
  }
}
