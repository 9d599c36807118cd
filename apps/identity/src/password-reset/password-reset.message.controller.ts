import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  IdentityRpc,
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
  SetManagerPasswordCommand,
} from '@sms/contracts';
import { PasswordResetService } from './password-reset.service';

@Controller()
export class PasswordResetMessageController {
  constructor(private readonly resets: PasswordResetService) {}

  @Handles(IdentityRpc.requestPasswordReset)
  async request(@Payload() body: PasswordResetRequestBody): Promise<{ ok: true }> {
    await this.resets.request(body);
    return { ok: true };
  }

  @Handles(IdentityRpc.confirmPasswordReset)
  async confirm(@Payload() body: PasswordResetConfirmBody): Promise<{ ok: true }> {
    await this.resets.confirm(body);
    return { ok: true };
  }

  @Handles(IdentityRpc.setManagerPassword)
  async setManagerPassword(@Payload() cmd: SetManagerPasswordCommand): Promise<{ ok: true }> {
    await this.resets.setManagerPassword(cmd);
    return { ok: true };
  }
}
