import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { FormMessage } from './problem';

/**
 * A secret the API returns only once (an API key, a webhook's signing secret): shown read-only
 * with a copy button, focus moved to its heading whenever a new secret arrives.
 */
export function SecretOnce({
  title,
  label,
  secret,
  testId,
  secretTestId,
  onDone,
}: {
  title: string;
  label: string;
  secret: string;
  testId: string;
  secretTestId: string;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copy, setCopy] = useState<'ok' | 'failed' | null>(null);
  useEffect(() => heading.current?.focus(), [secret]);
  const copySecret = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopy('ok');
    } catch {
      setCopy('failed');
    }
  };
  return (
    <section className="card secret" aria-labelledby={`${id}-title`} data-testid={testId}>
      <h2 id={`${id}-title`} tabIndex={-1} ref={heading}>
        {title}
      </h2>
      <label htmlFor={`${id}-secret`}>{label}</label>
      <input
        id={`${id}-secret`}
        className="secret-value"
        readOnly
        value={secret}
        onFocus={(e) => e.currentTarget.select()}
        data-testid={secretTestId}
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
