import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { connect } from 'node:net';
import { createTransport, Transporter } from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import { NOTIFICATIONS_ENV, NotificationsEnv } from '../notifications-env';

export interface OutgoingEmail {
  /** What the mail is (Message-ID prefix); a balance alert unless said. */
  kind?: 'balance-alert' | 'password-reset' | 'webhook-failing';
  /** The alert (or reset) id: becomes the Message-ID, so a resend after a crash is recognisable as the same mail. */
  alertId: string;
  to: string;
  subject: string;
  text: string;
}

/** Pooled SMTP options from SMTP_URL (smtp://user:pass@host:port, smtps:// for implicit TLS). */
export function smtpOptions(smtpUrl: string): SMTPPool.Options {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return {
    pool: true,
    maxConnections: 5,
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // Fail fast while the server is down: the dispatcher retries with backoff, nothing is lost.
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 15_000,
    // Our own TCP socket, for TCP_NODELAY: with Nagle on, the message's closing "." waited for the
    // server's delayed ACK, ~40 ms per mail. nodemailer still does TLS (smtps) over it.
    getSocket: (options, callback) => {
      const socket = connect({
        host: options.host ?? '127.0.0.1',
        port: Number(options.port),
        noDelay: true,
        timeout: 5000,
      });
      let settled = false;
      const settle = (err: Error | null) => {
        if (settled) return;
        settled = true;
        socket.setTimeout(0);
        if (err) {
          socket.destroy();
          callback(err, {});
        } else callback(null, { connection: socket });
      };
      socket.once('connect', () => settle(null));
      socket.once('error', (err) => settle(err));
      socket.once('timeout', () => settle(Object.assign(new Error('SMTP connection timeout'), { code: 'ETIMEDOUT' })));
    },
  };
}

/** Sends alert e-mails; resolves once the SMTP server accepted the message. */
@Injectable()
export class EmailSender implements OnApplicationShutdown {
  private readonly transport: Transporter;
  private readonly domain: string;

  constructor(@Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv) {
    this.transport = createTransport(smtpOptions(env.SMTP_URL));
    this.domain = /@([^>\s]+)/.exec(env.MAIL_FROM)?.[1] ?? 'notifications.local';
  }

  async send(mail: OutgoingEmail): Promise<void> {
    await this.transport.sendMail({
      from: this.env.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: `<${mail.kind ?? 'balance-alert'}.${mail.alertId}@${this.domain}>`,
      headers:
        (mail.kind ?? 'balance-alert') === 'balance-alert'
          ? { 'X-Alert-Id': mail.alertId, 'Auto-Submitted': 'auto-generated' }
          : { 'Auto-Submitted': 'auto-generated' },
    });
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
