import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  IdentityRpc,
  LoginBody,
  LogoutBody,
  LogoutCommand,
  RefreshBody,
  SignupBody,
  SignupResult,
  TokenPair,
} from '@sms/contracts';
import { RpcClient } from '@sms/nats';
import { VerifiedToken } from './access-token.verifier';
import { Auth } from './current-actor.decorator';
import { Public } from './public.decorator';
import { RateLimited } from './rate-limit.guard';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly services: RpcClient) {}

  @Public()
  @RateLimited()
  @Post('signup')
  @ApiOperation({ summary: 'Create an account and its owner login' })
  @ApiResponse({ status: 201, type: SignupResult })
  @ApiResponse({ status: 409, description: 'E-mail already used' })
  signup(@Body() body: SignupBody): Promise<SignupResult> {
    return this.services.send(IdentityRpc.signup, body);
  }

  @Public()
  @RateLimited({ login: true })
  @Post('login')
  @ApiOperation({ summary: 'Log in with e-mail and password: an access token and a rotating refresh token' })
  @ApiResponse({
    status: 429,
    description:
      'Too many attempts from this client, or too many recent failures for this e-mail (the wait doubles with ' +
      'each failure; the right password from another client is not held back by them); retry after Retry-After',
  })
  @HttpCode(200)
  @ApiResponse({ status: 200, type: TokenPair })
  @ApiResponse({ status: 401, description: 'Wrong e-mail or password' })
  login(@Body() body: LoginBody): Promise<TokenPair> {
    return this.services.send(IdentityRpc.login, body);
  }

  @Public()
  @RateLimited()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate a refresh token; a reused one revokes its whole session' })
  @ApiResponse({ status: 200, type: TokenPair })
  refresh(@Body() body: RefreshBody): Promise<TokenPair> {
    return this.services.send(IdentityRpc.refresh, body);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke the refresh token of this session' })
  async logout(@Auth() auth: VerifiedToken, @Body() body: LogoutBody): Promise<void> {
    const cmd: LogoutCommand = { actor: auth.actor, sessionId: auth.sessionId, refreshToken: body?.refreshToken };
    await this.services.send(IdentityRpc.logout, cmd);
  }
}
