import { alertsSent } from '@sms/metrics';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { RemoteProblemError } from '@sms/contracts';
import { NOTIFICATIONS_ENV, NotificationsEnv } from '../notifications-env';
import { AccountDirectory } from './account-directory';
import { renderBalanceAlert } from './alert-message.renderer';
import { AlertRecord, AlertRepository } from './alert.repository';
import { retryDelayMs } from './backoff';
import { EmailSender } from './email.sender';
import { SmsSender } from './sms.sender';

export type DeliveryOutcome = 'sent' | 'failed' | 'retry';

/** Delivers one claimed alert and records the outcome; never throws. */
@Injectable()
export class AlertDelivery {
  private readonly logger = new Logger(AlertDelivery.name);

  constructor(
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(AccountDirectory) private readonly directory: AccountDirectory,
    @Inject(EmailSender) private readonly email: EmailSender,
    @Inject(SmsSender) private readonly sms: SmsSender,
  ) {}

  async deliver(alert: AlertRecord): Promise<DeliveryOutcome> {
    try {
      const account = await this.directory.summary(alert.accountId);
      const message = renderBalanceAlert({
        language: account?.language ?? 'it',
        subAccount: Boolean(account?.parentAccountId),
        balance: alert.balance,
        threshold: alert.threshold,
        purchaseUrl: this.env.PURCHASE_URL,
      });
      if (alert.channel === 'email') {
        await this.email.send({ alertId: alert.id, to: alert.recipient, subject: message.subject, text: message.text });
      } else {
        const result = await this.sms.send(alert.id, alert.recipient, message.sms);
        if (result.status === 'failed') {
          // The carrier refused the number; the same id would get the same answer, so this is final.
          await this.alerts.markFailed(alert.id, `carrier refused the SMS (${result.errorCode ?? 'no code'})`);
          this.logger.warn({ msg: 'alert SMS refused by the carrier', alertId: alert.id, errorCode: result.errorCode });
          return 'failed';
        }
        if (result.status === 'queued') {
          // Messaging holds it and will submit it; ask again (same id, never a second SMS) for the verdict.
          await this.alerts.retryLater(alert.id, this.env.ALERT_RETRY_BASE_MS, 'waiting for the carrier');
          return 'retry';
        }
      }
      // A crash right here (accepted, not yet marked) re-sends after the lease: same Message-ID / SMS id.
      await this.alerts.markSent(alert.id);
      alertsSent.inc({ channel: alert.channel });
      return 'sent';
    } catch (err) {
      const error = describe(err);
      const delay = retryDelayMs(alert.attempts, this.env.ALERT_RETRY_BASE_MS, this.env.ALERT_RETRY_MAX_MS);
      this.logger.warn({
        msg: 'alert delivery failed; will retry',
        alertId: alert.id,
        channel: alert.channel,
        attempt: alert.attempts,
        delayMs: delay,
        error,
      });
      await this.alerts.retryLater(alert.id, delay, error).catch((e: unknown) =>
        // The lease still runs out, so the alert is retried anyway.
        this.logger.error({ msg: 'could not reschedule alert', alertId: alert.id, error: describe(e) }),
      );
      return 'retry';
    }
  }
}

function describe(err: unknown): string {
  if (err instanceof RemoteProblemError)
    return `${err.problem.status} ${err.problem.code ?? ''} ${err.problem.detail}`.trim();
  return err instanceof Error ? err.message : String(err);
}
