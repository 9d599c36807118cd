import { useI18n } from '../../shared/i18n/i18n';
import type { MessageKey } from '../../shared/i18n/it';

/**
 * A screen whose API is being built on another branch (replies and opt-outs: issue #12;
 * webhooks: issue #15): clearly marked as a placeholder until its endpoints are on main.
 */
export function PlaceholderPage({ title, issue }: { title: MessageKey; issue?: string }) {
  const { t } = useI18n();
  return (
    <section data-testid="placeholder">
      <h1>{t(title)}</h1>
      <p className="warning">{issue ? t('app.placeholder', { issue }) : t('app.comingSoon')}</p>
    </section>
  );
}
