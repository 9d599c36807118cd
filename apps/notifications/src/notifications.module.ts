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
import { Webhooks1765200000000 } from './migrations/1765200000000-webhooks';
import { AlertChannelVerification1765300000000 } from './migrations/1765300000000-alert-channel-verification';
import { NotificationsOutboxTraceparent1765400000000 } from './migrations/1765400000000-notifications-outbox-traceparent';
import { ChannelVerificationService } from './balance-alert/channel-verification.service';
import { PasswordResetMailMessageController } from './password-reset/password-reset-mail.message.controller';
import { NOTIFICATIONS_ENV, NotificationsEnv } from './notifications-env';
import { WebhookMessageController } from './webhooks/webhook.message.controller';
import { webhookProviders, WebhookOptions } from './webhooks/webhook.providers';

export const NOTIFICATIONS_MIGRATIONS = [
  NotificationsInit1764600000000,
  Webhooks1765200000000,
  AlertChannelVerification1765300000000,
  NotificationsOutboxTraceparent1765400000000,
];

/**
 * Balance alerts (settings, detection from the wallet's events, delivery by e-mail and SMS, their log)
 * and webhooks (settings, fan-out of JetStream events, signed deliveries).
 */
@Module({})
export class NotificationsModule {
  static register(env: NotificationsEnv, webhooks: WebhookOptions = {}): DynamicModule {
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
          // Webhooks: a connection per message-status puller and per other source consumer (3), and a
          // few for the worker's claims and records (never held across an HTTP request).
          poolSize: env.ALERT_CONSUMER_CONCURRENCY + 4 + env.WEBHOOK_CONSUMER_CONCURRENCY + 3 + 6,
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
        WebhookMessageController,
        healthControllerFor('notifications'),
      ],
      providers: [
        { provide: NOTIFICATIONS_ENV, useValue: env },
        BalanceAlertRepository,
        BalanceAlertService,
        ChannelVerificationService,
        AlertRepository,
        BalanceAlertDetector,
        AccountDirectory,
        EmailSender,
        SmsSender,
        AlertDelivery,
        AlertDispatcher,
        NotificationLogService,
        ...webhookProviders(env, webhooks),
      ],
    };
  }
}
