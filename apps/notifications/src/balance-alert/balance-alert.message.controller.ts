import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ActorEnvelope, BalanceAlertView, NotificationsSubjects, UpdateBalanceAlertCommand } from '@sms/contracts';
import { BalanceAlertService } from './balance-alert.service';

@Controller()
export class BalanceAlertMessageController {
  constructor(private readonly alerts: BalanceAlertService) {}

  @MessagePattern(NotificationsSubjects.getBalanceAlert)
  get(@Payload() q: ActorEnvelope): Promise<BalanceAlertView> {
    return this.alerts.get(q.actor);
  }

  @MessagePattern(NotificationsSubjects.updateBalanceAlert)
  update(@Payload() cmd: UpdateBalanceAlertCommand): Promise<BalanceAlertView> {
    return this.alerts.update(cmd.actor, cmd.settings);
  }
}
