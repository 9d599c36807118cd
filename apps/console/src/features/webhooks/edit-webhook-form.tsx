import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { api, call, type Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { CheckboxField } from '../../shared/ui/fields';
import { describe, FormMessage } from '../../shared/ui/problem';
import { EventCheckboxes } from './event-checkboxes';
import type { WebhookEvent } from './events';

/** Changes a webhook's events and pauses / resumes it (PATCH with what changed only). */
export function EditWebhookForm({
  webhook,
  onSaved,
  onCancel,
}: {
  webhook: Schemas['WebhookView'];
  onSaved: () => void;
  onCancel: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const [events, setEvents] = useState<WebhookEvent[]>([...webhook.events]);
  const [active, setActive] = useState(webhook.active);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: Schemas['UpdateWebhookBody']) =>
      call(api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id: webhook.id } }, body })),
    onSuccess: onSaved,
    onError: (err) => setError(describe(err, i18n)),
  });
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
  return (
    <form
      className="card"
      aria-labelledby={`${id}-title`}
      data-testid="edit-webhook"
      onSubmit={(e) => {
        e.preventDefault();
        if (events.length === 0) return setError(t('hooks.noEvents'));
        const body: Schemas['UpdateWebhookBody'] = {};
        if (!same(events, webhook.events)) body.events = events;
        if (active !== webhook.active) body.active = active;
        if (Object.keys(body).length === 0) return onCancel();
        setError(null);
        save.mutate(body);
      }}
    >
      <h3 id={`${id}-title`} tabIndex={-1} ref={heading}>
        {t('hooks.editTitle', { url: webhook.url })}
      </h3>
      <EventCheckboxes value={events} onChange={setEvents} />
      <CheckboxField label={t('hooks.activeLabel')} checked={active} onChange={(e) => setActive(e.target.checked)} />
      <p className="inline">
        <button type="submit" disabled={save.isPending}>
          {t('app.save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('app.cancel')}
        </button>
      </p>
      <FormMessage error={error} />
    </form>
  );
}
