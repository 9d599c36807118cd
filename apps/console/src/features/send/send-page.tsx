import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { api, call, newIdempotencyKey, type Schemas } from '../../shared/api/client';
import { ApiError } from '../../shared/api/errors';
import { zonedInstant } from '../../shared/format/days';
import { useI18n } from '../../shared/i18n/i18n';
import { TextArea, TextField } from '../../shared/ui/fields';
import { applyProblem, FormMessage } from '../../shared/ui/problem';
import { estimate } from './estimate';

interface SendForm {
  to: string;
  text: string;
  sender: string;
  /** A datetime-local value, a wall-clock time of the account's zone; empty: now. */
  scheduledAt: string;
}

export function SendPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const key = useRef(newIdempotencyKey());
  const [message, setMessage] = useState<{ error?: string | null; ok?: string; short?: boolean }>({});
  const [sent, setSent] = useState<Schemas['SendSmsResult'] | null>(null);
  const { register, handleSubmit, setError, watch, reset, formState } = useForm<SendForm>({
    defaultValues: { to: '', text: '', sender: '', scheduledAt: '' },
  });
  const est = estimate(watch('text'), watch('to'));

  const send = useMutation({
    mutationFn: (f: SendForm) =>
      call(
        api.POST('/api/v1/sms', {
          params: { header: { 'Idempotency-Key': key.current } },
          body: {
            to: est.recipients,
            text: f.text,
            ...(f.sender.trim() ? { sender: f.sender.trim() } : {}),
            ...(f.scheduledAt ? { scheduledAt: zonedInstant(f.scheduledAt).toISOString() } : {}),
          },
        }),
      ),
    onSuccess: (result, f) => {
      key.current = newIdempotencyKey();
      setSent(result);
      const vars = { campaignId: result.campaignId, credits: result.creditsCharged };
      setMessage({ ok: t(f.scheduledAt ? 'send.scheduled' : 'send.sent', vars) });
      reset();
      void queryClient.invalidateQueries({ queryKey: ['balance'] });
      void queryClient.invalidateQueries({ queryKey: ['history'] });
      void queryClient.invalidateQueries({ queryKey: ['usage'] });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 422) setMessage({ error: t('send.short'), short: true });
      else setMessage({ error: applyProblem(err, setError, ['to', 'text', 'sender', 'scheduledAt'], i18n) });
    },
  });
  const e = formState.errors;
  const counter = t('send.counter', {
    chars: est.chars,
    segments: est.segments,
    encoding: est.encoding,
    recipients: est.recipients.length,
    credits: est.credits,
  });
  return (
    <section>
      <h1>{t('nav.send')}</h1>
      <form
        onSubmit={(ev) =>
          void handleSubmit((f) => {
            setSent(null);
            if (window.confirm(t('send.confirm', { recipients: est.recipients.length, credits: est.credits })))
              send.mutate(f);
          })(ev)
        }
        noValidate
      >
        <TextArea
          label={t('send.to')}
          rows={4}
          error={e.to?.message}
          {...register('to', { required: t('error.required') })}
        />
        <TextArea
          label={t('send.text')}
          rows={5}
          error={e.text?.message}
          hint={
            <span className="counter" data-testid="counter" aria-live="polite">
              {counter}
            </span>
          }
          {...register('text', { required: t('error.required') })}
        />
        <TextField label={t('send.sender')} error={e.sender?.message} {...register('sender')} />
        <TextField
          label={t('send.scheduledAt')}
          type="datetime-local"
          hint={t('send.scheduledHelp')}
          error={e.scheduledAt?.message}
          {...register('scheduledAt')}
        />
        <FormMessage error={message.error} success={message.ok} />
        {message.short && <Link to="/invoices">{t('home.buy')}</Link>}
        <button type="submit" disabled={send.isPending}>
          {t('send.submit')}
        </button>
      </form>
      {sent && (
        <dl data-testid="sent">
          <dt>{t('history.segments')}</dt>
          <dd data-testid="sent-segments">{sent.segments}</dd>
          <dt>{t('tx.credits')}</dt>
          <dd data-testid="sent-credits">{sent.creditsCharged}</dd>
        </dl>
      )}
    </section>
  );
}
