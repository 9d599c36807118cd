// An in-process SMTP server (smtp-server) that counts the alert mails: per recipient, every
// accepted message and its Message-ID (notifications derives it from the alert id, so a resend
// after a crash is recognisable as the same alert).
'use strict';
const { SMTPServer } = require('smtp-server');

class MailCounter {
  constructor() {
    /** { to: string[], messageId: string|null, at: number } */
    this.mails = [];
    this.server = null;
    this.port = 0;
    this.refusingUntil = 0;
    this.refused = 0;
  }

  /** The catcher "down" for `ms`: every connection answered 421 (the port stays ours meanwhile). */
  refuseFor(ms) {
    this.refusingUntil = Date.now() + ms;
    return new Promise((r) => setTimeout(r, ms).unref());
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start() {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 50,
      onConnect: (session, callback) => {
        if (Date.now() >= this.refusingUntil) return callback();
        this.refused++;
        const err = new Error('chaos: mail server down');
        err.responseCode = 421;
        return callback(err);
      },
      onData: (stream, session, callback) => {
        let head = '';
        let inHead = true;
        stream.on('data', (chunk) => {
          if (!inHead) return;
          head += chunk.toString('utf8');
          const end = head.indexOf('\r\n\r\n');
          if (end >= 0) {
            head = head.slice(0, end);
            inHead = false;
          }
        });
        stream.on('end', () => {
          const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
          const match = /^message-id:\s*(.+)$/im.exec(unfolded);
          this.mails.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            messageId: match ? match[1].trim() : null,
            at: Date.now(),
          });
          callback();
        });
      },
    });
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    this.port = server.server.address().port;
    this.server = server;
    // A client killed mid-session (kill -9 of notifications) resets its connection: smtp-server
    // emits that on the server, and an unhandled 'error' would end the whole run.
    server.on('error', (err) => {
      this.connectionErrors = (this.connectionErrors || 0) + 1;
      this.lastError = err.code || err.message;
    });
  }

  /** { total, distinct } mails accepted for `address`; distinct counts Message-IDs. */
  countFor(address) {
    const mails = this.mails.filter((m) => m.to.includes(address.toLowerCase()));
    return { total: mails.length, distinct: new Set(mails.map((m, i) => m.messageId || `none-${i}`)).size };
  }

  async stop() {
    const server = this.server;
    this.server = null;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

module.exports = { MailCounter };
