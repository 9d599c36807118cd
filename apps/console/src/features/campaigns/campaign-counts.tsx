import { useI18n } from '../../shared/i18n/i18n';
import type { MessageKey } from '../../shared/i18n/it';
import { countsInOrder, type Campaign } from './campaign-state';

/** "117 consegnati · 2 non consegnati · 1 in coda" */
export function CampaignCounts({ campaign }: { campaign: Campaign }) {
  const i18n = useI18n();
  const parts = countsInOrder(campaign).map(({ status, n }) => {
    const key = `status.${status}` as MessageKey;
    const label = key in STATUS_KEYS ? i18n.t(key) : status;
    return `${i18n.number(n)} ${label}`;
  });
  return <span data-testid="campaign-counts">{parts.length ? parts.join(' · ') : '—'}</span>;
}

const STATUS_KEYS: Record<string, true> = Object.fromEntries(
  ['queued', 'sent', 'delivered', 'failed', 'expired', 'cancelled', 'blocked'].map((s) => [`status.${s}`, true]),
);
