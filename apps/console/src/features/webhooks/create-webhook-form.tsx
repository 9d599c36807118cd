import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, call, type Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { TextField } from '../../shared/ui/fields';
import { applyProblem, FormMessage } from '../../shared/ui/problem';
import { EventCheckboxes } from './event-checkboxes';
import type { WebhookEvent } from './events';

/** A new webhook: its URL and the events it receives. */
export function CreateWebhookForm({ onCreated }: { onCreated: (w: Schemas['CreatedWebhook']) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const form = useForm<{ url: string }>({ defaultValues: { url: '' } });
  const [events, setEvents] = useState<WebhookEvent[]>([]);
  const [eventsError, setEventsError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: Schemas['CreateWebhookBody']) => call(api.POST('/api/v1/webhooks', { body })),
    onSuccess: (w) => {
      form.reset({ url: '' });
      setEvents([]);
      onCreated(w);
    },
    onError: (err) => setError(applyProblem(err, form.setError, ['url'], i18n)),
  });
  return (
    <form
      noValidate
      aria-label={t('hooks.create')}
      onSubmit={(ev) =>
        void form.handleSubmit((v) => {
          setError(null);
          if (events.length === 0) return setEventsError(t('hooks.noEvents'));
          setEventsError(null);
          create.mutate({ url: v.url.trim(), events });
        })(ev)
      }
    >
      <TextField
        label={t('hooks.url')}
        type="url"
        required
        autoComplete="off"
        error={form.formState.errors.url?.message}
        {...form.register('url', { required: t('error.required') })}
      />
      <EventCheckboxes value={events} onChange={setEvents} error={eventsError} />
      <button type="submit" disabled={create.isPending}>
        {t('hooks.create')}
      </button>
      <FormMessage error={error} />
    </form>
  );
}
