import { Language } from '@sms/contracts';

export interface AlertMessageInput {
  language: Language;
  /** A sub-account: its credits come from the parent account, not from a purchase. */
  subAccount: boolean;
  balance: number;
  threshold: number;
  purchaseUrl: string;
}

export interface RenderedAlert {
  subject: string;
  text: string;
  /** Short form for the SMS channel (one or two segments). */
  sms: string;
}

/** Thousands grouped the local way (1.200 / 1,200); done by hand so it does not depend on the ICU data of the runtime. */
function number(language: Language, n: number): string {
  const sep = language === 'en' ? ',' : '.';
  const digits = Math.abs(Math.trunc(n))
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return n < 0 ? `-${digits}` : digits;
}

/**
 * Subject and body of a balance alert, Italian unless the account chose English. Fixed platform
 * text and numbers only: nothing the customer typed (account or company name) goes into a system
 * message, so an alert cannot carry someone else's words to the recipient.
 */
export function renderBalanceAlert(i: AlertMessageInput): RenderedAlert {
  const balance = number(i.language, i.balance);
  const threshold = number(i.language, i.threshold);
  if (i.language === 'en') {
    const account = i.subAccount ? 'your SMS sub-account' : 'your SMS account';
    const howToBuy = i.subAccount
      ? 'Sub-account credits come from the parent account: ask its owner to credit this sub-account.'
      : `To buy more credits, open ${i.purchaseUrl} (or POST /api/v1/purchases) and choose an SMS pack; the credits are added as soon as the invoice is paid.`;
    return {
      subject: `Low SMS balance: ${balance} credits left`,
      text: [
        'Hello,',
        '',
        `the balance of ${account} has fallen to ${balance} credits, at or below the alert threshold of ${threshold} credits you set.`,
        '',
        howToBuy,
        '',
        'You receive this alert once each time the balance falls to the threshold; it is sent again only after the balance has gone back above it.',
        'You can change the threshold and the alert channels in your account (PUT /api/v1/account/balance-alert).',
        '',
        'This message is sent automatically by the SMS platform and is not charged to your account.',
      ].join('\n'),
      sms: i.subAccount
        ? `SMS platform: your sub-account balance is ${balance} credits (threshold ${threshold}). Ask the parent account's owner for more credits.`
        : `SMS platform: your balance is ${balance} credits (threshold ${threshold}). Buy more at ${i.purchaseUrl}`,
    };
  }
  const account = i.subAccount ? 'del suo sub-account SMS' : 'del suo account SMS';
  const howToBuy = i.subAccount
    ? "I crediti di un sub-account arrivano dall'account principale: chieda al suo titolare di accreditarne altri a questo sub-account."
    : `Per acquistare altri crediti apra ${i.purchaseUrl} (oppure POST /api/v1/purchases) e scelga un pacchetto di SMS; i crediti vengono aggiunti appena la fattura è pagata.`;
  return {
    subject: `Credito SMS in esaurimento: ${balance} crediti rimasti`,
    text: [
      'Buongiorno,',
      '',
      `il credito ${account} è sceso a ${balance} crediti, pari o inferiore alla soglia di avviso di ${threshold} crediti che ha impostato.`,
      '',
      howToBuy,
      '',
      'Riceve questo avviso una volta ogni volta che il credito scende alla soglia; verrà inviato di nuovo solo dopo che il credito sarà tornato sopra la soglia.',
      'Può cambiare la soglia e i canali di avviso dal suo account (PUT /api/v1/account/balance-alert).',
      '',
      'Messaggio inviato automaticamente dalla piattaforma SMS, senza alcun addebito sul suo account.',
    ].join('\n'),
    sms: i.subAccount
      ? `Piattaforma SMS: il credito del suo sub-account è ${balance} crediti (soglia ${threshold}). Chieda altri crediti al titolare dell'account principale.`
      : `Piattaforma SMS: il suo credito è ${balance} crediti (soglia ${threshold}). Acquisti altri crediti su ${i.purchaseUrl}`,
  };
}
