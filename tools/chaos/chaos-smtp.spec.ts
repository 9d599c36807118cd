// The SMTP-catcher-down fault: while down, every connection is refused with 421 (the port stays
// bound, so nothing else can take it); once up again, mails are accepted and counted.
import * as nodemailer from 'nodemailer';

import { MailCounter } from './smtp';

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
      mails.acceptAgain();
      await send();
      expect(mails.countFor('b@chaos.example').total).toBe(1);
    } finally {
      await mails.stop();
    }
  });

  it('reads the code of a verification mail and keeps it out of the alert count', async () => {
    const mails = new MailCounter();
    await mails.start();
    try {
      const transport = nodemailer.createTransport({ url: mails.url, ignoreTLS: true } as never);
      const to = 'alert-1@chaos.example';
      expect(mails.latestCode(to)).toBeNull();
      for (const [id, code] of [
        ['1', '048213'],
        ['2', '913305'],
      ]) {
        await transport.sendMail({
          from: 'a@chaos.example',
          to,
          messageId: `<alert-verification.${id}@chaos.example>`,
          subject: 'Codice di verifica per gli avvisi di credito SMS',
          text: `Il suo codice di verifica è ${code}.\n\nInserisca il codice nell'account.`,
        });
      }
      await transport.sendMail({
        from: 'a@chaos.example',
        to,
        messageId: '<alert.7@chaos.example>',
        text: 'Saldo 100',
      });
      expect(mails.latestCode(to)).toBe('913305');
      expect(mails.codesFor(to)).toBe(2);
      expect(mails.countFor(to)).toEqual({ total: 1, distinct: 1 });
    } finally {
      await mails.stop();
    }
  });
});
