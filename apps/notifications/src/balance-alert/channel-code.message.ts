import { Language } from '@sms/contracts';

/**
 * The verification code message: fixed platform text and the code only, never anything the
 * customer typed (account name etc.), so it cannot carry someone else's message.
 */
export function renderChannelCode(language: Language, code: string): { subject: string; text: string; sms: string } {
  if (language === 'en') {
    return {
      subject: 'Verification code for SMS balance alerts',
      text: [
        `Your verification code is ${code}.`,
        '',
        'This address was entered to receive SMS balance alerts from the SMS platform. Enter the code in the',
        'account (POST /api/v1/account/alerts/verify) to start receiving them. If you did not expect this',
        'message, ignore it: nothing will be sent to this address.',
      ].join('\n'),
      sms: `SMS platform: your balance-alert verification code is ${code}. Ignore this message if you did not expect it.`,
    };
  }
  return {
    subject: 'Codice di verifica per gli avvisi di credito SMS',
    text: [
      `Il suo codice di verifica è ${code}.`,
      '',
      'Questo indirizzo è stato indicato per ricevere gli avvisi di credito della piattaforma SMS. Inserisca il',
      "codice nell'account (POST /api/v1/account/alerts/verify) per riceverli. Se non si aspettava questo",
      'messaggio, lo ignori: a questo indirizzo non verrà inviato nulla.',
    ].join('\n'),
    sms: `Piattaforma SMS: il codice di verifica degli avvisi di credito è ${code}. Ignori il messaggio se non lo aspettava.`,
  };
}
