import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ActorEnvelope, BalanceAlertView, NotificationsRpc, UpdateBalanceAlertCommand } from '@sms/contracts';
import { BalanceAlertService } from './balance-alert.service';

@Controller()
export class BalanceAlertMessageController {
  constructor(private readonly alerts: BalanceAlertService) {}

  @Handles(NotificationsRpc.getBalanceAlert)
  get(@Payload() q: ActorEnvelope): Promise<BalanceAlertView> {
    return this.alerts.get(q.actor);
  }

  @Handles(NotificationsRpc.updateBalanceAlert)
  update(@Payload() cmd: UpdateBalanceAlertCommand): Promise<BalanceAlertView> {
    return this.alerts.update(cmd.actor, cmd.settings);
  }
}
