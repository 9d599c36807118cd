import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ListNotificationsCommand, NotificationPage, NotificationsRpc } from '@sms/contracts';
import { NotificationLogService } from './notification-log.service';

@Controller()
export class NotificationLogMessageController {
  constructor(private readonly log: NotificationLogService) {}

  @Handles(NotificationsRpc.listNotifications)
  list(@Payload() cmd: ListNotificationsCommand): Promise<NotificationPage> {
    return this.log.list(cmd.actor, cmd.query);
  }
}
