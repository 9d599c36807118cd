import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, call, type Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { SelectField, TextField } from '../../shared/ui/fields';
import { applyProblem, FormMessage } from '../../shared/ui/problem';

type Contact = Omit<Schemas['ContactDetails'], 'language'> & { language: 'it' | 'en' };
const FIELDS = ['firstName', 'lastName', 'email', 'phone', 'language'];

export function ContactForm() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ error?: string | null; ok?: string }>({});
  const current = useQuery({ queryKey: ['contact'], queryFn: () => call(api.GET('/api/v1/account/contact')) });
  const values = useMemo(
    () => (current.data ? { ...current.data, phone: (current.data.phone as string | null) ?? '' } : undefined),
    [current.data],
  );
  const { register, handleSubmit, setError, formState } = useForm<Contact>({
    values,
    resetOptions: { keepDirtyValues: true },
  });

  const save = useMutation({
    mutationFn: (c: Contact) => call(api.PUT('/api/v1/account/contact', { body: c })),
    onSuccess: (data) => {
      queryClient.setQueryData(['contact'], data);
      void queryClient.invalidateQueries({ queryKey: ['me'] });
      i18n.setLang(data.language);
      setMessage({ ok: t('app.saved') });
    },
    onError: (err) => setMessage({ error: applyProblem(err, setError, FIELDS, i18n) }),
  });
  const e = formState.errors;
  const req = { required: t('error.required') };
  return (
    <form onSubmit={(ev) => void handleSubmit((c) => save.mutate(c))(ev)} noValidate aria-labelledby="contact-title">
      <h2 id="contact-title">{t('profile.contact')}</h2>
      <TextField
        label={t('auth.firstName')}
        autoComplete="given-name"
        error={e.firstName?.message}
        {...register('firstName', req)}
      />
      <TextField
        label={t('auth.lastName')}
        autoComplete="family-name"
        error={e.lastName?.message}
        {...register('lastName', req)}
      />
      <TextField
        label={t('auth.email')}
        type="email"
        autoComplete="email"
        error={e.email?.message}
        {...register('email', req)}
      />
      <TextField
        label={t('profile.phone')}
        type="tel"
        autoComplete="tel"
        error={e.phone?.message}
        {...register('phone', req)}
      />
      <SelectField label={t('profile.language')} error={e.language?.message} {...register('language')}>
        <option value="it">Italiano</option>
        <option value="en">English</option>
      </SelectField>
      <FormMessage error={message.error} success={message.ok} />
      <button type="submit" disabled={save.isPending}>
        {t('app.save')}
      </button>
    </form>
  );
}
