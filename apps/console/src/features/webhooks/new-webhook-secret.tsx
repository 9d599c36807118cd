import { useEffect, useId, useRef, useState } from 'react';
import type { Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { FormMessage } from '../../shared/ui/problem';

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
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copy, setCopy] = useState<'ok' | 'failed' | null>(null);
  useEffect(() => heading.current?.focus(), [created.secret]);
  const copySecret = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopy('ok');
    } catch {
      setCopy('failed');
    }
  };
  return (
    <section className="card secret" aria-labelledby={`${id}-title`} data-testid="new-webhook">
      <h2 id={`${id}-title`} tabIndex={-1} ref={heading}>
        {t(rotated ? 'hooks.rotated' : 'hooks.created', { url: created.url })}
      </h2>
      <label htmlFor={`${id}-secret`}>{t('hooks.secret')}</label>
      <input
        id={`${id}-secret`}
        className="secret-value"
        readOnly
        value={created.secret}
        onFocus={(e) => e.currentTarget.select()}
        data-testid="webhook-secret"
      />
      <p className="inline">
        <button type="button" onClick={() => void copySecret()}>
          {t('keys.copy')}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t('keys.hide')}
        </button>
      </p>
      <FormMessage
        error={copy === 'failed' ? t('keys.copyFailed') : null}
        success={copy === 'ok' ? t('keys.copied') : null}
      />
    </section>
  );
}
