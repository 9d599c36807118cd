import { Language } from '@sms/contracts';

export interface PasswordResetMailInput {
  language: Language;
  firstName: string;
  token: string;
  /** The console page that takes the token; the token is appended as `?token=`. */
  resetUrl: string;
}

/** Subject and body of the forgotten-password mail, Italian unless the account chose English. */
export function renderPasswordResetMail(i: PasswordResetMailInput): { subject: string; text: string } {
  const link = `${i.resetUrl}${i.resetUrl.includes('?') ? '&' : '?'}token=${encodeURIComponent(i.token)}`;
  if (i.language === 'en') {
    return {
      subject: 'Reset your password',
      text: [
        `Hello ${i.firstName},`,
        '',
        'someone (hopefully you) asked to reset the password of your SMS account.',
        `Choose a new password here within one hour: ${link}`,
        `Or send this code to POST /api/v1/auth/password-reset/confirm: ${i.token}`,
        '',
        'The link works once. If you did not ask for it, ignore this mail: your password stays as it is.',
      ].join('\n'),
    };
  }
  return {
    subject: 'Reimposta la tua password',
    text: [
      `Ciao ${i.firstName},`,
      '',
      'qualcuno (speriamo tu) ha chiesto di reimpostare la password del tuo account SMS.',
      `Scegli una nuova password entro un'ora qui: ${link}`,
      `Oppure invia questo codice a POST /api/v1/auth/password-reset/confirm: ${i.token}`,
      '',
      'Il link vale una sola volta. Se non sei stato tu, ignora questa e-mail: la password resta quella di prima.',
    ].join('\n'),
  };
}
