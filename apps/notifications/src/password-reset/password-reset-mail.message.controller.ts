import { Handles } from '@sms/nats';
import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { NotificationsRpc, PasswordResetEmailCommand } from '@sms/contracts';
import { EmailSender } from '../delivery/email.sender';
import { NOTIFICATIONS_ENV, NotificationsEnv } from '../notifications-env';
import { renderPasswordResetMail } from './password-reset-mail.renderer';

/**
 * Identity asks for the reset mail and waits for the SMTP server's answer. Nothing is stored
 * here: the token exists in clear only in this request and in the mail.
 */
@Controller()
export class PasswordResetMailMessageController {
  constructor(
    private readonly email: EmailSender,
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
  ) {}

  @Handles(NotificationsRpc.sendPasswordResetEmail)
  async send(@Payload() cmd: PasswordResetEmailCommand): Promise<{ ok: true }> {
    const mail = renderPasswordResetMail({
      language: cmd.language,
      firstName: cmd.firstName,
      token: cmd.token,
      resetUrl: this.env.PASSWORD_RESET_URL,
    });
    await this.email.send({ kind: 'password-reset', alertId: cmd.resetId, to: cmd.to, ...mail });
    return { ok: true };
  }
}
