import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, call, type Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { TextField } from '../../shared/ui/fields';
import { applyProblem, FormMessage } from '../../shared/ui/problem';

type Body = Schemas['ManagerPasswordBody'];

/** The owner sets its sub-account manager's password (every session of the manager ends). */
export function ManagerPasswordForm({ subAccountId }: { subAccountId: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [message, setMessage] = useState<{ error?: string | null; ok?: string }>({});
  const { register, handleSubmit, setError, reset, formState } = useForm<Body>({ defaultValues: { newPassword: '' } });
  const save = useMutation({
    mutationFn: (body: Body) =>
      call(api.PUT('/api/v1/sub-accounts/{id}/manager-password', { params: { path: { id: subAccountId } }, body })),
    onSuccess: () => {
      reset({ newPassword: '' });
      setMessage({ ok: t('subEdit.passwordSet') });
    },
    onError: (err) => setMessage({ error: applyProblem(err, setError, ['newPassword'], i18n) }),
  });
  return (
    <form
      onSubmit={(ev) => void handleSubmit((b) => save.mutate(b))(ev)}
      noValidate
      aria-labelledby="manager-password-title"
    >
      <h2 id="manager-password-title">{t('subEdit.password')}</h2>
      <p>{t('subEdit.passwordHelp')}</p>
      <TextField
        label={t('profile.newPassword')}
        type="password"
        autoComplete="new-password"
        error={formState.errors.newPassword?.message}
        {...register('newPassword', { required: t('error.required') })}
      />
      <FormMessage error={message.error} success={message.ok} />
      <button type="submit" disabled={save.isPending}>
        {t('app.save')}
      </button>
    </form>
  );
}
