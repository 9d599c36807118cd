import { RpcModule } from '@sms/nats';
import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, healthControllerFor } from '@sms/database';
import { EventsModule } from '@sms/events';
import { BalanceAlertMessageController } from './balance-alert/balance-alert.message.controller';
import { BalanceAlertRepository } from './balance-alert/balance-alert.repository';
import { BalanceAlertService } from './balance-alert/balance-alert.service';
import { AccountDirectory } from './delivery/account-directory';
import { AlertDelivery } from './delivery/alert-delivery';
import { AlertDispatcher } from './delivery/alert-dispatcher';
import { AlertRepository } from './delivery/alert.repository';
import { EmailSender } from './delivery/email.sender';
import { SmsSender } from './delivery/sms.sender';
import { BalanceAlertDetector } from './detection/balance-alert.detector';
import { NotificationLogMessageController } from './log/notification-log.message.controller';
import { NotificationLogService } from './log/notification-log.service';
import { NotificationsInit1764600000000 } from './migrations/1764600000000-notifications-init';
import { PasswordResetMailMessageController } from './password-reset/password-reset-mail.message.controller';
import { NOTIFICATIONS_ENV, NotificationsEnv } from './notifications-env';

export const NOTIFICATIONS_MIGRATIONS = [NotificationsInit1764600000000];

/** Balance alerts: settings, detection from the wallet's events, delivery by e-mail and SMS, and their log. */
@Module({})
export class NotificationsModule {
  static register(env: NotificationsEnv): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [
        RpcModule.forService('notifications', env),
        DatabaseModule.forService({
          url: env.DATABASE_URL,
          schema: 'notifications',
          entities: [],
          migrations: NOTIFICATIONS_MIGRATIONS,
          // A balance-event puller holds a connection for its transaction; a delivery only for its
          // claim and its mark (never across SMTP or NATS), so a few more serve the rest.
          poolSize: env.ALERT_CONSUMER_CONCURRENCY + 4,
        }),
        EventsModule.forService({
          schema: 'notifications',
          service: 'notifications',
          natsUrl: env.NATS_URL,
          natsPrefix: env.NATS_PREFIX,
        }),
      ],
      controllers: [
        BalanceAlertMessageController,
        NotificationLogMessageController,
        PasswordResetMailMessageController,
        healthControllerFor('notifications'),
      ],
      providers: [
        { provide: NOTIFICATIONS_ENV, useValue: env },
        BalanceAlertRepository,
        BalanceAlertService,
        AlertRepository,
        BalanceAlertDetector,
        AccountDirectory,
        EmailSender,
        SmsSender,
        AlertDelivery,
        AlertDispatcher,
        NotificationLogService,
      ],
    };
  }
}
