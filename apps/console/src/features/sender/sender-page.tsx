import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, call, type Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { TextField } from '../../shared/ui/fields';
import { applyProblem, FormMessage, QueryState } from '../../shared/ui/problem';
import { SenderList } from './sender-list';

/** `effectiveSender` is being added to the API on another branch: shown once it is there. */
type SenderView = Schemas['SenderView'] & { effectiveSender?: string | null };

export function SenderPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ error?: string | null; ok?: string }>({});
  const current = useQuery({
    queryKey: ['sender'],
    queryFn: async (): Promise<SenderView> => call(api.GET('/api/v1/account/sender')),
  });
  // Loaded values fill the form, but never over what the person already typed.
  const values = useMemo(
    () => (current.data ? { defaultSender: (current.data.defaultSender as string | null) ?? '' } : undefined),
    [current.data],
  );
  const { register, handleSubmit, setError, formState } = useForm<{ defaultSender: string }>({
    values,
    resetOptions: { keepDirtyValues: true },
  });

  const save = useMutation({
    mutationFn: (v: { defaultSender: string }) => {
      const defaultSender = v.defaultSender.trim() || null;
      return call(
        api.PUT('/api/v1/account/sender', { body: { defaultSender } as unknown as Schemas['SenderBody'] }),
      ) as Promise<SenderView>;
    },
    onSuccess: (data) => {
      queryClient.setQueryData(['sender'], data);
      setMessage({ ok: t('app.saved') });
    },
    onError: (err) => setMessage({ error: applyProblem(err, setError, ['defaultSender'], i18n) }),
  });

  const data = current.data;
  return (
    <section>
      <h1>{t('nav.sender')}</h1>
      {!data && <QueryState error={current.error} retry={() => void current.refetch()} />}
      <form onSubmit={(ev) => void handleSubmit((v) => save.mutate(v))(ev)} noValidate>
        <TextField
          label={t('sender.label')}
          hint={t('sender.help')}
          maxLength={16}
          error={formState.errors.defaultSender?.message}
          {...register('defaultSender')}
        />
        <FormMessage error={message.error} success={message.ok} />
        <button type="submit" disabled={save.isPending}>
          {t('app.save')}
        </button>
      </form>
      {data?.repliesDisabled && (
        <p className="warning" role="note" data-testid="replies-disabled">
          {t('sender.repliesDisabled')}
        </p>
      )}
      {data?.effectiveSender && (
        <p data-testid="effective-sender">{t('sender.effective', { sender: data.effectiveSender })}</p>
      )}
      <SenderList />
    </section>
  );
}
