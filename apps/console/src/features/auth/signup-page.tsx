import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import { api, call, type Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { TextField } from '../../shared/ui/fields';
import { applyProblem, FormMessage } from '../../shared/ui/problem';
import { session } from '../../shared/session/session';

type SignupForm = Schemas['SignupBody'];
const FIELDS = ['email', 'password', 'firstName', 'lastName', 'company'];

/** Creates the account, logs straight in and opens Informazioni personali to fill billing. */
export function SignupPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const navigate = useNavigate();
  const [message, setMessage] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<SignupForm>();
  const e = formState.errors;

  const onSubmit = handleSubmit(async (form) => {
    setMessage(null);
    const body = { ...form, company: form.company?.trim() || undefined };
    try {
      await call(api.POST('/api/v1/auth/signup', { body }));
      const pair = await call(api.POST('/api/v1/auth/login', { body: { email: body.email, password: body.password } }));
      session.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
      await navigate('/profile', { replace: true });
    } catch (err) {
      setMessage(applyProblem(err, setError, FIELDS, i18n));
    }
  });

  const required = { required: t('error.required') };
  return (
    <main id="main" className="auth">
      <h1>{t('auth.signup')}</h1>
      <form onSubmit={(ev) => void onSubmit(ev)} noValidate>
        <TextField
          label={t('auth.firstName')}
          autoComplete="given-name"
          required
          error={e.firstName?.message}
          {...register('firstName', required)}
        />
        <TextField
          label={t('auth.lastName')}
          autoComplete="family-name"
          required
          error={e.lastName?.message}
          {...register('lastName', required)}
        />
        <TextField
          label={t('auth.company')}
          autoComplete="organization"
          error={e.company?.message}
          {...register('company')}
        />
        <TextField
          label={t('auth.email')}
          type="email"
          autoComplete="email"
          required
          error={e.email?.message}
          {...register('email', required)}
        />
        <TextField
          label={t('auth.password')}
          type="password"
          autoComplete="new-password"
          required
          error={e.password?.message}
          {...register('password', required)}
        />
        <FormMessage error={message} />
        <button type="submit" disabled={formState.isSubmitting}>
          {t('auth.signup')}
        </button>
      </form>
      <p>
        {t('auth.haveAccount')} <Link to="/login">{t('auth.login')}</Link>
      </p>
    </main>
  );
}
