import { useI18n } from '../../shared/i18n/i18n';
import { CheckboxField } from '../../shared/ui/fields';
import { EVENTS, eventLabel, type WebhookEvent } from './events';

/** The events of a webhook as checkboxes in a labelled group. */
export function EventCheckboxes({
  value,
  onChange,
  error,
}: {
  value: readonly WebhookEvent[];
  onChange: (events: WebhookEvent[]) => void;
  error?: string | null;
}) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t('hooks.events')}</legend>
      {EVENTS.map((e) => (
        <CheckboxField
          key={e}
          label={t(eventLabel(e))}
          checked={value.includes(e)}
          onChange={(ev) => onChange(EVENTS.filter((x) => (x === e ? ev.target.checked : value.includes(x))))}
        />
      ))}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
