// An in-process SMTP server (smtp-server) that counts the alert mails: per recipient, every
// accepted message and its Message-ID (notifications derives it from the alert id, so a resend
// after a crash is recognisable as the same alert). Verification-code mails (Message-ID
// `<alert-verification.…>`) are kept apart: the traffic reads their code to verify the channel.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  to: string[];
  messageId: string | null;
  verification: boolean;
  code: string | null;
  at: number;
}

export class MailCounter {
  mails: CaughtMail[] = [];
  port = 0;
  refused = 0;
  connectionErrors = 0;
  lastError: string | null = null;
  private server: SMTPServer | null = null;
  private refusingUntil = 0;

  /** The catcher "down" for `ms`: every connection answered 421 (the port stays ours meanwhile). */
  refuseFor(ms: number): Promise<void> {
    this.refusingUntil = Date.now() + ms;
    return new Promise((r) => setTimeout(r, ms).unref());
  }

  /** Back up at once after refuseFor(). */
  acceptAgain(): void {
    this.refusingUntil = 0;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 50,
      onConnect: (_session, callback) => {
        if (Date.now() >= this.refusingUntil) return callback();
        this.refused++;
        const err = Object.assign(new Error('chaos: mail server down'), { responseCode: 421 });
        return callback(err);
      },
      onData: (stream, session, callback) => {
        // Our mails are small: the first 64 KiB hold the head and the code.
        let raw = '';
        stream.on('data', (chunk: Buffer) => {
          if (raw.length < 65536) raw += chunk.toString('utf8');
        });
        stream.on('end', () => {
          const end = raw.indexOf('\r\n\r\n');
          const head = end >= 0 ? raw.slice(0, end) : raw;
          const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
          const match = /^message-id:\s*(.+)$/im.exec(unfolded);
          const messageId = match ? match[1].trim() : null;
          const verification = /^<alert-verification\./.test(messageId ?? '');
          this.mails.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            messageId,
            verification,
            code: verification ? codeIn(unfolded, end >= 0 ? raw.slice(end + 4) : '') : null,
            at: Date.now(),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    // A client killed mid-session (kill -9 of notifications) resets its connection: smtp-server
    // emits that on the server, and an unhandled 'error' would end the whole run.
    server.on('error', (err: Error & { code?: string }) => {
      this.connectionErrors++;
      this.lastError = err.code ?? err.message;
    });
  }

  /** { total, distinct } alert mails accepted for `address` (codes left out); distinct counts Message-IDs. */
  countFor(address: string): { total: number; distinct: number } {
    const mails = this.mails.filter((m) => !m.verification && m.to.includes(address.toLowerCase()));
    return { total: mails.length, distinct: new Set(mails.map((m, i) => m.messageId ?? `none-${i}`)).size };
  }

  /** The code of the newest verification mail caught for `address`, or null. */
  latestCode(address: string): string | null {
    const mine = this.mails.filter((m) => m.verification && m.code && m.to.includes(address.toLowerCase()));
    return mine.length ? mine[mine.length - 1].code : null;
  }

  /** How many verification mails were caught for `address`. */
  codesFor(address: string): number {
    return this.mails.filter((m) => m.verification && m.to.includes(address.toLowerCase())).length;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The 6-digit code in a mail body (plain, quoted-printable or base64 text). */
export function codeIn(head: string, body: string): string | null {
  const base64 = /^content-transfer-encoding:\s*base64/im.test(head);
  const text = base64 ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body.replace(/=\r\n/g, '');
  const match = /(?:^|[^0-9A-F=])(\d{6})(?!\d)/.exec(text);
  return match ? match[1] : null;
}
