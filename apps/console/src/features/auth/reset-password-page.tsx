import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { TextField } from '../../shared/ui/fields';
import { applyProblem, FormMessage } from '../../shared/ui/problem';

interface ResetForm {
  newPassword: string;
}

/** The page the reset mail links to (`PASSWORD_RESET_URL?token=…`): a new password for that login. */
export function ResetPasswordPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [error, setMessage] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<ResetForm>();
  const confirm = useMutation({
    mutationFn: (f: ResetForm) =>
      call(api.POST('/api/v1/auth/password-reset/confirm', { body: { token, newPassword: f.newPassword } })),
    onMutate: () => setMessage(null),
    onError: (err) => setMessage(applyProblem(err, setError, ['newPassword'], i18n)),
  });
  return (
    <main id="main" className="auth">
      <h1>{t('auth.resetTitle')}</h1>
      {!token ? (
        <p className="message message-error" role="alert">
          {t('auth.resetNoToken')} <Link to="/forgot-password">{t('auth.resetAgain')}</Link>
        </p>
      ) : confirm.isSuccess ? (
        <p className="message message-ok" role="status" data-testid="reset-done">
          {t('auth.resetDone')}
        </p>
      ) : (
        <form onSubmit={(e) => void handleSubmit((f) => confirm.mutate(f))(e)} noValidate>
          <TextField
            label={t('profile.newPassword')}
            type="password"
            autoComplete="new-password"
            required
            error={formState.errors.newPassword?.message}
            {...register('newPassword', { required: t('error.required') })}
          />
          <FormMessage error={error} />
          {confirm.isError && (
            <p>
              <Link to="/forgot-password">{t('auth.resetAgain')}</Link>
            </p>
          )}
          <button type="submit" disabled={confirm.isPending}>
            {t('auth.resetSave')}
          </button>
        </form>
      )}
      <p>
        <Link to="/login">{t('auth.backToLogin')}</Link>
      </p>
    </main>
  );
}
