import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  IdentityRpc,
  LoginBody,
  LogoutCommand,
  RefreshBody,
  SignupBody,
  SignupResult,
  TokenPair,
} from '@sms/contracts';
import { AuthService } from './auth.service';

@Controller()
export class AuthMessageController {
  constructor(private readonly auth: AuthService) {}

  @Handles(IdentityRpc.signup)
  signup(@Payload() body: SignupBody): Promise<SignupResult> {
    return this.auth.signup(body);
  }

  @Handles(IdentityRpc.login)
  login(@Payload() body: LoginBody): Promise<TokenPair> {
    return this.auth.login(body);
  }

  @Handles(IdentityRpc.refresh)
  refresh(@Payload() body: RefreshBody): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken);
  }

  @Handles(IdentityRpc.logout)
  async logout(@Payload() cmd: LogoutCommand): Promise<{ ok: true }> {
    await this.auth.logout(cmd);
    return { ok: true };
  }
}
