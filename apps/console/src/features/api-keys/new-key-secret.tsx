import type { Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { SecretOnce } from '../../shared/ui/secret-once';

/** The secret of a key just created: shown this once, with a copy button; focus moves here. */
export function NewKeySecret({ created, onDone }: { created: Schemas['CreatedApiKey']; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <SecretOnce
      title={t('keys.created', { name: created.name })}
      label={t('keys.secret')}
      secret={created.secret}
      testId="new-key"
      secretTestId="key-secret"
      onDone={onDone}
    />
  );
}
