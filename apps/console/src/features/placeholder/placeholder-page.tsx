import { useI18n } from '../../shared/i18n/i18n';
import type { MessageKey } from '../../shared/i18n/it';

/** A screen whose API is not on this branch yet (campaigns, replies, reports, audit log...). */
export function PlaceholderPage({ title }: { title: MessageKey }) {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t(title)}</h1>
      <p>{t('app.comingSoon')}</p>
    </section>
  );
}
