import { onlineManager } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { useI18n } from '../shared/i18n/i18n';

/** Says when the network is gone; queries pause and retry by themselves when it is back. */
export function OnlineBanner() {
  const { t } = useI18n();
  const online = useSyncExternalStore(
    (fn) => onlineManager.subscribe(fn),
    () => onlineManager.isOnline(),
  );
  if (online) return null;
  return (
    <p className="banner" role="status">
      {t('app.offline')}
    </p>
  );
}
