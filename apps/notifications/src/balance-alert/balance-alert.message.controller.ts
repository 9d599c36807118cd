import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ActorEnvelope,
  AlertCodeSent,
  BalanceAlertView,
  NotificationsRpc,
  ResendAlertCodeCommand,
  UpdateBalanceAlertCommand,
  VerifyAlertChannelCommand,
} from '@sms/contracts';
import { BalanceAlertService } from './balance-alert.service';
import { ChannelVerificationService } from './channel-verification.service';

@Controller()
export class BalanceAlertMessageController {
  constructor(
    private readonly alerts: BalanceAlertService,
    private readonly verification: ChannelVerificationService,
  ) {}

  @Handles(NotificationsRpc.verifyAlertChannel)
  verify(@Payload() cmd: VerifyAlertChannelCommand): Promise<BalanceAlertView> {
    return this.verification.verify(cmd.actor, cmd.body.channel, cmd.body.code);
  }

  @Handles(NotificationsRpc.resendAlertCode)
  resend(@Payload() cmd: ResendAlertCodeCommand): Promise<AlertCodeSent> {
    return this.verification.resend(cmd.actor, cmd.body.channel);
  }

  @Handles(NotificationsRpc.getBalanceAlert)
  get(@Payload() q: ActorEnvelope): Promise<BalanceAlertView> {
    return this.alerts.get(q.actor);
  }

  @Handles(NotificationsRpc.updateBalanceAlert)
  update(@Payload() cmd: UpdateBalanceAlertCommand): Promise<BalanceAlertView> {
    return this.alerts.update(cmd.actor, cmd.settings);
  }
}
