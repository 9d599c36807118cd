import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  IdentitySubjects,
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
  SetManagerPasswordCommand,
} from '@sms/contracts';
import { PasswordResetService } from './password-reset.service';

@Controller()
export class PasswordResetMessageController {
  constructor(private readonly resets: PasswordResetService) {}

  @MessagePattern(IdentitySubjects.requestPasswordReset)
  async request(@Payload() body: PasswordResetRequestBody): Promise<{ ok: true }> {
    await this.resets.request(body);
    return { ok: true };
  }

  @MessagePattern(IdentitySubjects.confirmPasswordReset)
  async confirm(@Payload() body: PasswordResetConfirmBody): Promise<{ ok: true }> {
    await this.resets.confirm(body);
    return { ok: true };
  }

  @MessagePattern(IdentitySubjects.setManagerPassword)
  async setManagerPassword(@Payload() cmd: SetManagerPasswordCommand): Promise<{ ok: true }> {
    await this.resets.setManagerPassword(cmd);
    return { ok: true };
  }
}
