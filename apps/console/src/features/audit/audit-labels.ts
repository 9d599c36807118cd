import type { Schemas } from '../../shared/api/client';

type Entry = Schemas['AuditEntryView'];
export type AuditAction = Entry['action'];

/** Every action the API may list (its enum), for the filter. */
export const ACTIONS: readonly AuditAction[] = [
  'account.billing.update',
  'account.contact.update',
  'account.password.change',
  'account.sender.update',
  'account.balance-alert.update',
  'sub-account.create',
  'sub-account.update',
  'sub-account.credit',
  'sub-account.reset',
  'sub-account.deactivate',
  'sub-account.activate',
  'purchase.create',
  'invoice.pay',
  'sender.add',
  'sender.verify',
  'sender.remove',
  'api-key.create',
  'api-key.revoke',
  'webhook.create',
  'webhook.update',
  'webhook.rotate-secret',
  'webhook.delete',
  'opt-out.add',
  'opt-out.remove',
  'campaign.cancel',
];

const IT: Record<AuditAction, string> = {
  'account.billing.update': 'Dati di fatturazione modificati',
  'account.contact.update': 'Dati di contatto modificati',
  'account.password.change': 'Password cambiata',
  'account.sender.update': 'Mittente predefinito modificato',
  'account.balance-alert.update': 'Avviso saldo modificato',
  'sub-account.create': 'Sotto-account creato',
  'sub-account.update': 'Sotto-account modificato',
  'sub-account.credit': 'Crediti accreditati al sotto-account',
  'sub-account.reset': 'Saldo del sotto-account azzerato',
  'sub-account.deactivate': 'Sotto-account disattivato',
  'sub-account.activate': 'Sotto-account riattivato',
  'purchase.create': 'Acquisto (fattura emessa)',
  'invoice.pay': 'Fattura pagata',
  'sender.add': 'Mittente aggiunto',
  'sender.verify': 'Mittente verificato',
  'sender.remove': 'Mittente rimosso',
  'api-key.create': 'Chiave API creata',
  'api-key.revoke': 'Chiave API revocata',
  'webhook.create': 'Webhook creato',
  'webhook.update': 'Webhook modificato',
  'webhook.rotate-secret': 'Segreto del webhook rigenerato',
  'webhook.delete': 'Webhook eliminato',
  'opt-out.add': 'Numero aggiunto alle esclusioni (STOP)',
  'opt-out.remove': 'Numero tolto dalle esclusioni (STOP)',
  'campaign.cancel': 'Campagna annullata',
};
const EN: Record<AuditAction, string> = {
  'account.billing.update': 'Billing details edited',
  'account.contact.update': 'Contact details edited',
  'account.password.change': 'Password changed',
  'account.sender.update': 'Default sender edited',
  'account.balance-alert.update': 'Balance alert edited',
  'sub-account.create': 'Sub-account created',
  'sub-account.update': 'Sub-account edited',
  'sub-account.credit': 'Credits moved to the sub-account',
  'sub-account.reset': 'Sub-account balance reset',
  'sub-account.deactivate': 'Sub-account deactivated',
  'sub-account.activate': 'Sub-account reactivated',
  'purchase.create': 'Purchase (invoice issued)',
  'invoice.pay': 'Invoice paid',
  'sender.add': 'Sender added',
  'sender.verify': 'Sender verified',
  'sender.remove': 'Sender removed',
  'api-key.create': 'API key created',
  'api-key.revoke': 'API key revoked',
  'webhook.create': 'Webhook created',
  'webhook.update': 'Webhook edited',
  'webhook.rotate-secret': 'Webhook secret rotated',
  'webhook.delete': 'Webhook deleted',
  'opt-out.add': 'Number added to the opt-out list',
  'opt-out.remove': 'Number removed from the opt-out list',
  'campaign.cancel': 'Campaign cancelled',
};

/** A sentence for an action; an action the console does not know yet is shown as the API names it. */
export function actionLabel(action: string, lang: 'it' | 'en'): string {
  const labels: Record<string, string> = lang === 'it' ? IT : EN;
  return labels[action] ?? action;
}

/** "city: Roma → Milano; name: → Negozio" from an edit's changes (never passwords: the API omits them). */
export function changesText(changes: Entry['changes']): string {
  if (!changes) return '';
  const show = (v: unknown): string =>
    v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return Object.entries(changes as Record<string, unknown>)
    .map(([field, c]) => {
      if (c && typeof c === 'object' && ('from' in c || 'to' in c)) {
        const { from, to } = c as { from?: unknown; to?: unknown };
        return `${field}: ${show(from)} → ${show(to)}`;
      }
      return `${field}: ${show(c)}`;
    })
    .join('; ');
}
