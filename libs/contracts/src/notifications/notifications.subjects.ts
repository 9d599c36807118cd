import { defineSubjects } from '../common/subjects';

export const NotificationsSubjects = defineSubjects('notifications', {
  /** GET /account/balance-alert: ActorEnvelope → BalanceAlertView. */
  getBalanceAlert: 'balance-alert.get.v1',
  /** PUT /account/balance-alert: UpdateBalanceAlertCommand → BalanceAlertView. */
  updateBalanceAlert: 'balance-alert.update.v1',
  /** GET /account/notifications: ListNotificationsCommand → NotificationPage. */
  listNotifications: 'notification.list.v1',
  /** Identity: PasswordResetEmailCommand → void, once the SMTP server accepted the mail. */
  sendPasswordResetEmail: 'email.password-reset.send.v1',
  /** POST /webhooks: CreateWebhookCommand → CreatedWebhook. */
  createWebhook: 'webhook.create.v1',
  /** GET /webhooks: ListWebhooksCommand → WebhookPage. */
  listWebhooks: 'webhook.list.v1',
  /** GET /webhooks/{id}: WebhookCommand → WebhookView. */
  getWebhook: 'webhook.get.v1',
  /** PATCH /webhooks/{id}: UpdateWebhookCommand → WebhookView. */
  updateWebhook: 'webhook.update.v1',
  /** DELETE /webhooks/{id}: WebhookCommand → void. */
  deleteWebhook: 'webhook.delete.v1',
  /** POST /webhooks/{id}/rotate-secret: WebhookCommand → CreatedWebhook. */
  rotateWebhookSecret: 'webhook.rotate-secret.v1',
  /** GET /webhooks/{id}/deliveries: ListWebhookDeliveriesCommand → WebhookDeliveryPage. */
  listWebhookDeliveries: 'webhook.delivery.list.v1',
  /** POST /webhooks/{id}/deliveries/{deliveryId}/redeliver: RedeliverWebhookCommand → WebhookDeliveryView. */
  redeliverWebhook: 'webhook.delivery.redeliver.v1',
});
