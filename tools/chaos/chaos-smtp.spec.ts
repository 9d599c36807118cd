// The SMTP-catcher-down fault: while down, every connection is refused with 421 (the port stays
// bound, so nothing else can take it); once up again, mails are accepted and counted.
import * as nodemailer from 'nodemailer';

const { MailCounter } = require('./smtp');

describe('chaos SMTP catcher', () => {
  it('refuses mail while down and accepts it again afterwards', async () => {
    const mails = new MailCounter();
    await mails.start();
    try {
      const transport = nodemailer.createTransport({ url: mails.url, ignoreTLS: true } as never);
      const send = () => transport.sendMail({ from: 'a@chaos.example', to: 'b@chaos.example', text: 'x' });
      void mails.refuseFor(60_000);
      await expect(send()).rejects.toMatchObject({ responseCode: 421 });
      expect(mails.refused).toBeGreaterThan(0);
      expect(mails.countFor('b@chaos.example').total).toBe(0);
      mails.refusingUntil = 0; // back up
      await send();
      expect(mails.countFor('b@chaos.example').total).toBe(1);
    } finally {
      await mails.stop();
    }
  });
});
