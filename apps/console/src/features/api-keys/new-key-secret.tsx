import { useEffect, useId, useRef, useState } from 'react';
import type { Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { FormMessage } from '../../shared/ui/problem';

/** The secret of a key just created: shown this once, with a copy button; focus moves here. */
export function NewKeySecret({ created, onDone }: { created: Schemas['CreatedApiKey']; onDone: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copy, setCopy] = useState<'ok' | 'failed' | null>(null);
  useEffect(() => heading.current?.focus(), []);
  const copySecret = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopy('ok');
    } catch {
      setCopy('failed');
    }
  };
  return (
    <section className="card secret" aria-labelledby={`${id}-title`} data-testid="new-key">
      <h2 id={`${id}-title`} tabIndex={-1} ref={heading}>
        {t('keys.created', { name: created.name })}
      </h2>
      <label htmlFor={`${id}-secret`}>{t('keys.secret')}</label>
      <input
        id={`${id}-secret`}
        className="secret-value"
        readOnly
        value={created.secret}
        onFocus={(e) => e.currentTarget.select()}
        data-testid="key-secret"
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
