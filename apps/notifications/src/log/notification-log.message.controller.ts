import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListNotificationsCommand, NotificationPage, NotificationsSubjects } from '@sms/contracts';
import { NotificationLogService } from './notification-log.service';

@Controller()
export class NotificationLogMessageController {
  constructor(private readonly log: NotificationLogService) {}

  @MessagePattern(NotificationsSubjects.listNotifications)
  list(@Payload() cmd: ListNotificationsCommand): Promise<NotificationPage> {
    return this.log.list(cmd.actor, cmd.query);
  }
}
