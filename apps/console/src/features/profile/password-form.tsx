import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, call, type Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { TextField } from '../../shared/ui/fields';
import { applyProblem, FormMessage } from '../../shared/ui/problem';

type PasswordChange = Schemas['ChangePasswordBody'];

export function PasswordForm() {
  const i18n = useI18n();
  const { t } = i18n;
  const [message, setMessage] = useState<{ error?: string | null; ok?: string }>({});
  const { register, handleSubmit, setError, reset, formState } = useForm<PasswordChange>();
  const save = useMutation({
    mutationFn: (body: PasswordChange) => call(api.PUT('/api/v1/account/password', { body })),
    onSuccess: () => {
      reset({ currentPassword: '', newPassword: '' });
      setMessage({ ok: t('profile.passwordChanged') });
    },
    onError: (err) => setMessage({ error: applyProblem(err, setError, ['currentPassword', 'newPassword'], i18n) }),
  });
  const e = formState.errors;
  const req = { required: t('error.required') };
  return (
    <form onSubmit={(ev) => void handleSubmit((b) => save.mutate(b))(ev)} noValidate aria-labelledby="password-title">
      <h2 id="password-title">{t('profile.password')}</h2>
      <TextField
        label={t('profile.currentPassword')}
        type="password"
        autoComplete="current-password"
        error={e.currentPassword?.message}
        {...register('currentPassword', req)}
      />
      <TextField
        label={t('profile.newPassword')}
        type="password"
        autoComplete="new-password"
        error={e.newPassword?.message}
        {...register('newPassword', req)}
      />
      <FormMessage error={message.error} success={message.ok} />
      <button type="submit" disabled={save.isPending}>
        {t('app.save')}
      </button>
    </form>
  );
}
