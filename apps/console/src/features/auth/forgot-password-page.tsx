import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { TextField } from '../../shared/ui/fields';
import { applyProblem, FormMessage } from '../../shared/ui/problem';

type Body = Schemas['PasswordResetRequestBody'];

/** Asks for the reset mail. The API answers 202 for any address, so the page says the same for all. */
export function ForgotPasswordPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const [error, setMessage] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Body>();
  const request = useMutation({
    mutationFn: (body: Body) => call(api.POST('/api/v1/auth/password-reset', { body })),
    onMutate: () => setMessage(null),
    onError: (err) => setMessage(applyProblem(err, setError, ['email'], i18n)),
  });
  return (
    <main id="main" className="auth">
      <h1>{t('auth.forgotTitle')}</h1>
      {request.isSuccess ? (
        <p className="message message-ok" role="status" data-testid="reset-requested">
          {t('auth.forgotSent')}
        </p>
      ) : (
        <form onSubmit={(e) => void handleSubmit((b) => request.mutate(b))(e)} noValidate>
          <p id="forgot-help">{t('auth.forgotHelp')}</p>
          <TextField
            label={t('auth.email')}
            type="email"
            autoComplete="username"
            required
            error={formState.errors.email?.message}
            {...register('email', { required: t('error.required') })}
          />
          <FormMessage error={error} />
          <button type="submit" disabled={request.isPending}>
            {t('auth.forgotSend')}
          </button>
        </form>
      )}
      <p>
        <Link to="/login">{t('auth.backToLogin')}</Link>
      </p>
    </main>
  );
}
