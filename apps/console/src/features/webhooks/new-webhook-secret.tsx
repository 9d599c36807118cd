import type { Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { SecretOnce } from '../../shared/ui/secret-once';

/** The signing secret of a webhook just created or rotated: shown this once, with copy; focus moves here. */
export function NewWebhookSecret({
  created,
  rotated,
  onDone,
}: {
  created: Schemas['CreatedWebhook'];
  rotated: boolean;
  onDone: () => void;
}) {
  const { t } = useI18n();
  return (
    <SecretOnce
      title={t(rotated ? 'hooks.rotated' : 'hooks.created', { url: created.url })}
      label={t('hooks.secret')}
      secret={created.secret}
      testId="new-webhook"
      secretTestId="webhook-secret"
      onDone={onDone}
    />
  );
}
