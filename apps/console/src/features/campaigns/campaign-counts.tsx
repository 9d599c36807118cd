import { useI18n } from '../../shared/i18n/i18n';
import { countsInOrder, STATUSES, type Campaign } from './campaign-state';

const known = (s: string): s is (typeof STATUSES)[number] => (STATUSES as readonly string[]).includes(s);

/** "117 consegnati · 2 non consegnati · 1 in coda"; a status the console does not know yet keeps its API name. */
export function CampaignCounts({ campaign }: { campaign: Campaign }) {
  const i18n = useI18n();
  const parts = countsInOrder(campaign).map(
    ({ status, n }) => `${i18n.number(n)} ${known(status) ? i18n.t(`status.${status}`) : status}`,
  );
  return <span data-testid="campaign-counts">{parts.length ? parts.join(' · ') : '—'}</span>;
}
