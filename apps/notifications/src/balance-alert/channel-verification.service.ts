import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  Actor,
  AlertChannel,
  AlertCodeSent,
  BalanceAlertView,
  BusinessRuleError,
  DomainError,
  Language,
  RemoteProblemError,
} from '@sms/contracts';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AccountDirectory } from '../delivery/account-directory';
import { EmailSender } from '../delivery/email.sender';
import { SmsSender } from '../delivery/sms.sender';
import { NOTIFICATIONS_ENV, NotificationsEnv } from '../notifications-env';
import { renderChannelCode } from './channel-code.message';
import { BalanceAlertRecord, BalanceAlertRepository, toView } from './balance-alert.repository';
import { ChannelVerificationRepository } from './channel-verification.repository';

export class TooManyCodesError extends DomainError {
  readonly status = 429;
  constructor(message: string) {
    super('verification-rate-limited', message);
  }
}

/** The mail server (or messaging, for an SMS) did not take the code: nothing was sent, nothing counted. */
export class CodeNotSentError extends DomainError {
  readonly status = 503;
  constructor(channel: AlertChannel) {
    super(
      'code-not-sent',
      `The code could not be sent: the ${channel === 'email' ? 'mail server' : 'SMS service'} is unavailable for a moment; retry later.`,
    );
  }
}

/** The operator refused the code's SMS: the number cannot receive it, so asking again would not help. */
export class CodeRefusedError extends BusinessRuleError {
  constructor(errorCode: string | undefined) {
    super(
      'recipient-refused',
      `The operator refused the SMS to this number${errorCode ? ` (${errorCode})` : ''}: check the number and save it again.`,
    );
  }
}

const CODE_TTL_MS = 30 * 60_000;
const MAX_ATTEMPTS = 5;
const hash = (code: string): string => createHash('sha256').update(code).digest('hex');

/**
 * Verification of an alert channel's recipient: a 6-digit code sent to it (free, a system
 * message), sent back through POST /account/alerts/verify. Codes sent are limited per account
 * and per recipient (across accounts), so the endpoint cannot be used to flood anyone.
 */
@Injectable()
export class ChannelVerificationService {
  private readonly repo = new ChannelVerificationRepository();
  private readonly logger = new Logger(ChannelVerificationService.name);

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(BalanceAlertRepository) private readonly settings: BalanceAlertRepository,
    @Inject(AccountDirectory) private readonly accounts: AccountDirectory,
    @Inject(EmailSender) private readonly email: EmailSender,
    @Inject(SmsSender) private readonly sms: SmsSender,
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
  ) {}

  /** After a save: a code to each channel whose recipient is new (unverified); failures are logged, resend exists. */
  sendForNewRecipients(before: BalanceAlertRecord | undefined, after: BalanceAlertRecord): void {
    const jobs: [AlertChannel, string | null, boolean, string | null | undefined][] = [
      ['email', after.emailAddress, after.emailVerified, before?.emailAddress],
      ['sms', after.smsPhone, after.smsVerified, before?.smsPhone],
    ];
    for (const [channel, recipient, verified, previous] of jobs) {
      if (!recipient || verified || recipient === previous) continue;
      this.send(after.accountId, channel, recipient).catch((err: unknown) => {
        if (err instanceof CodeNotSentError) return; // logged with its cause by withdraw()
        this.logger.warn({
          msg: 'verification code not sent',
          accountId: after.accountId,
          channel,
          error: err instanceof Error ? err.message : String(err),
        });
      });
    }
  }

  async resend(actor: Actor, channel: AlertChannel): Promise<AlertCodeSent> {
    const recipient = await this.recipientOf(actor.accountId, channel);
    return this.send(actor.accountId, channel, recipient);
  }

  async verify(actor: Actor, channel: AlertChannel, code: string): Promise<BalanceAlertView> {
    const recipient = await this.recipientOf(actor.accountId, channel);
    // TypeORM answers an UPDATE … RETURNING with [rows, count].
    const [rows]: [{ id: string; ok: boolean }[], number] = await this.repo.tryCode(
      this.ds,
      actor.accountId,
      channel,
      recipient,
      hash(code),
      MAX_ATTEMPTS,
    );
    if (rows.length === 0 || !rows[0].ok) {
      throw new BusinessRuleError(
        'invalid-verification-code',
        'The code is wrong, expired or was tried too many times. Ask for a new one with POST /account/alerts/verify/resend.',
      );
    }
    await this.settings.markVerified(actor.accountId, channel, recipient);
    return toView(await this.settings.find(actor.accountId));
  }

  private async recipientOf(accountId: string, channel: AlertChannel): Promise<string> {
    const s = await this.settings.find(accountId);
    const recipient = channel === 'email' ? s?.emailAddress : s?.smsPhone;
    if (!recipient) {
      throw new BusinessRuleError(
        'no-alert-channel',
        `The balance alert has no ${channel === 'email' ? 'e-mail address' : 'phone number'}: set it first with PUT /account/balance-alert.`,
      );
    }
    if (channel === 'email' ? s!.emailVerified : s!.smsVerified) {
      throw new BusinessRuleError('already-verified', `The ${channel} channel is already verified.`);
    }
    return recipient;
  }

  private async send(accountId: string, channel: AlertChannel, recipient: string): Promise<AlertCodeSent> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const id = randomUUID();
    const expiresAt = new Date(Date.now() + CODE_TTL_MS);
    // Limits counted and the code stored in one transaction, serialised per recipient and per account.
    await this.ds.transaction(async (em) => {
      await this.repo.lockAccountAndRecipient(em, `alert-code:${accountId}`, `alert-code:${recipient}`);
      const [{ perAccount, perRecipient }]: { perAccount: number; perRecipient: number }[] =
        await this.repo.countRecent(em, accountId, recipient);
      if (perAccount >= this.env.ALERT_CODES_PER_ACCOUNT_PER_DAY) {
        throw new TooManyCodesError(
          'Too many verification codes were sent for this account today; try again tomorrow.',
        );
      }
      if (perRecipient >= this.env.ALERT_CODES_PER_RECIPIENT_PER_DAY) {
        throw new TooManyCodesError(
          'Too many verification codes were sent to this recipient today; try again tomorrow.',
        );
      }
      await this.repo.insertCode(em, id, accountId, channel, recipient, hash(code), expiresAt);
    });
    try {
      await this.deliver(accountId, id, channel, recipient, code);
    } catch (err) {
      await this.withdraw(id, err);
      // A refusal of the recipient (by the operator, or by messaging with a 4xx) is the caller's to see;
      // anything else is an outage.
      if (err instanceof CodeRefusedError) throw err;
      if (err instanceof RemoteProblemError && err.problem.status < 500) throw err;
      throw new CodeNotSentError(channel);
    }
    this.logger.log({ msg: 'alert channel verification code sent', accountId, channel });
    return { channel, expiresAt: expiresAt.toISOString() };
  }

  /**
   * A code that was not handed over is deleted, so that it counts against no daily limit. If the
   * server took the mail and only its answer was lost, the recipient holds a code that no longer
   * works; the next resend gives a good one.
   */
  private async withdraw(id: string, cause: unknown): Promise<void> {
    this.logger.warn({
      msg: 'verification code not sent',
      codeId: id,
      error: cause instanceof Error ? cause.message : String(cause),
    });
    await this.repo
      .deleteCode(this.ds, id)
      .catch((err: unknown) =>
        this.logger.warn({ msg: 'unsent verification code not withdrawn', codeId: id, error: String(err) }),
      );
  }

  private async deliver(
    accountId: string,
    id: string,
    channel: AlertChannel,
    recipient: string,
    code: string,
  ): Promise<void> {
    const language: Language = (await this.accounts.summary(accountId).catch(() => null))?.language ?? 'it';
    const message = renderChannelCode(language, code);
    if (channel === 'email') {
      await this.email.send({
        kind: 'alert-verification',
        alertId: id,
        to: recipient,
        subject: message.subject,
        text: message.text,
      });
    } else {
      const result = await this.sms.send(id, recipient, message.sms);
      if (result.status === 'failed') throw new CodeRefusedError(result.errorCode ?? undefined);
    }
  }
}
