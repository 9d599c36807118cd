import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../../shared/api/client';
import { ApiError } from '../../shared/api/errors';
import { useI18n } from '../../shared/i18n/i18n';
import { applyProblem, FormMessage } from '../../shared/ui/problem';
import { TextField } from '../../shared/ui/fields';
import { session } from '../../shared/session/session';

type LoginForm = Schemas['LoginBody'];

/** Only paths of this console: `next` comes from the URL and must not send anyone elsewhere. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [message, setMessage] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<LoginForm>();

  const onSubmit = handleSubmit(async (body) => {
    setMessage(null);
    try {
      const pair = await call(api.POST('/api/v1/auth/login', { body }));
      session.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
      await navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setMessage(t('auth.badCredentials'));
      else setMessage(applyProblem(err, setError, ['email', 'password'], i18n));
    }
  });

  return (
    <main id="main" className="auth">
      <h1>{t('auth.login')}</h1>
      {params.get('next') && <p className="message message-ok">{t('auth.expired')}</p>}
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <TextField
          label={t('auth.email')}
          type="email"
          autoComplete="username"
          required
          error={formState.errors.email?.message}
          {...register('email', { required: t('error.required') })}
        />
        <TextField
          label={t('auth.password')}
          type="password"
          autoComplete="current-password"
          required
          error={formState.errors.password?.message}
          {...register('password', { required: t('error.required') })}
        />
        <FormMessage error={message} />
        <button type="submit" disabled={formState.isSubmitting}>
          {t('auth.login')}
        </button>
      </form>
      <p>
        {t('auth.noAccount')} <Link to="/signup">{t('auth.signup')}</Link>
      </p>
      <p>
        <Link to="/forgot-password">{t('auth.forgot')}</Link>
      </p>
    </main>
  );
}
