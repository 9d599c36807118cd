import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  IdentitySubjects,
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

  @MessagePattern(IdentitySubjects.signup)
  signup(@Payload() body: SignupBody): Promise<SignupResult> {
    return this.auth.signup(body);
  }

  @MessagePattern(IdentitySubjects.login)
  login(@Payload() body: LoginBody): Promise<TokenPair> {
    return this.auth.login(body);
  }

  @MessagePattern(IdentitySubjects.refresh)
  refresh(@Payload() body: RefreshBody): Promise<TokenPair> {
    return this.auth.refresh(body.refreshToken);
  }

  @MessagePattern(IdentitySubjects.logout)
  async logout(@Payload() cmd: LogoutCommand): Promise<{ ok: true }> {
    await this.auth.logout(cmd);
    return { ok: true };
  }
}
