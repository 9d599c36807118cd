import { Inject, Injectable, Logger } from '@nestjs/common';
import { AccountDirectory } from '../delivery/account-directory';
import { EmailSender } from '../delivery/email.sender';
import { WebhookRepository, WebhookRow } from './webhook.repository';

const LEASE_MS = 60_000;

/** The mail telling an account's owner (or sub-account manager) that its endpoint is failing. */
export function failingWebhookMail(w: WebhookRow, language: 'it' | 'en'): { subject: string; text: string } {
  if (language === 'en')
    return {
      subject: `Webhook failing: ${w.url}`,
      text:
        `We could not deliver events to your webhook ${w.url} and stopped retrying one of them ` +
        `(since ${w.failingSince?.toISOString()}).\n\nNew events are still sent to it. See the attempts with ` +
        `GET /api/v1/webhooks/${w.id}/deliveries and send one again with POST …/deliveries/{id}/redeliver.\n`,
    };
  return {
    subject: `Webhook non raggiungibile: ${w.url}`,
    text:
      `Non siamo riusciti a consegnare gli eventi al tuo webhook ${w.url} e abbiamo smesso di riprovare per almeno ` +
      `uno di essi (dal ${w.failingSince?.toISOString()}).\n\nI nuovi eventi continuano a essere inviati. Vedi i ` +
      `tentativi con GET /api/v1/webhooks/${w.id}/deliveries e invia di nuovo con POST …/deliveries/{id}/redeliver.\n`,
  };
}

/**
 * Mails the account once per failing spell of an endpoint (claimed with a lease, marked after
 * the SMTP server accepted it: a crash in between mails again, with the same Message-ID).
 */
@Injectable()
export class WebhookFailureMailer {
  private readonly logger = new Logger(WebhookFailureMailer.name);

  constructor(
    @Inject(WebhookRepository) private readonly webhooks: WebhookRepository,
    @Inject(AccountDirectory) private readonly accounts: AccountDirectory,
    @Inject(EmailSender) private readonly email: EmailSender,
  ) {}

  async sweep(): Promise<void> {
    let due: WebhookRow[];
    try {
      due = await this.webhooks.claimFailureMails(10, LEASE_MS);
    } catch (err) {
      this.logger.error({
        msg: 'failing-webhook mail poll failed',
        error: err instanceof Error ? err.message : String(err),
      });
      return;
    }
    for (const w of due) {
      try {
        const summary = await this.accounts.summary(w.accountId);
        if (summary) {
          const mail = failingWebhookMail(w, summary.language);
          await this.email.send({
            kind: 'webhook-failing',
            alertId: `${w.id}.${w.failingSince?.getTime() ?? 0}`,
            to: summary.email,
            ...mail,
          });
        }
        await this.webhooks.markFailureMailed(w.id);
      } catch (err) {
        this.logger.warn({
          msg: 'failing-webhook mail not sent; will retry',
          webhookId: w.id,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
  }
}
