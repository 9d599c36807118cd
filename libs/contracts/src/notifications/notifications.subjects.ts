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
});
