import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, call, type Schemas } from '../../shared/api/client';
import { ApiError } from '../../shared/api/errors';
import { useI18n } from '../../shared/i18n/i18n';
import { TextField } from '../../shared/ui/fields';
import { applyProblem, FormMessage } from '../../shared/ui/problem';

type Billing = Omit<Schemas['BillingDetails'], 'vatNumber'> & { vatNumber: string };
const FIELDS = ['company', 'firstName', 'lastName', 'address', 'postalCode', 'city', 'country', 'vatNumber'];

export function BillingForm() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ error?: string | null; ok?: string }>({});
  // A new account has no billing details yet: the API answers 404 and the form starts empty.
  const current = useQuery({
    queryKey: ['billing'],
    queryFn: () =>
      call(api.GET('/api/v1/account/billing')).catch((err: unknown) =>
        err instanceof ApiError && err.status === 404 ? null : Promise.reject(err),
      ),
  });
  // A new account's details are null until first saved: the inputs start empty. Loaded values
  // never overwrite what the person already typed.
  const values = useMemo(
    () =>
      current.data
        ? (Object.fromEntries(FIELDS.map((f) => [f, (current.data as Record<string, unknown>)[f] ?? ''])) as Billing)
        : undefined,
    [current.data],
  );
  const { register, handleSubmit, setError, formState } = useForm<Billing>({
    values,
    resetOptions: { keepDirtyValues: true },
  });

  const save = useMutation({
    mutationFn: (b: Billing) =>
      call(
        api.PUT('/api/v1/account/billing', {
          body: {
            ...b,
            country: b.country.toUpperCase(),
            vatNumber: b.vatNumber.trim() || undefined,
          } as Schemas['BillingDetails'],
        }),
      ),
    onSuccess: (data) => {
      queryClient.setQueryData(['billing'], data);
      setMessage({ ok: t('app.saved') });
    },
    onError: (err) => setMessage({ error: applyProblem(err, setError, FIELDS, i18n) }),
  });
  const e = formState.errors;
  const req = { required: t('error.required') };
  return (
    <form onSubmit={(ev) => void handleSubmit((b) => save.mutate(b))(ev)} noValidate aria-labelledby="billing-title">
      <h2 id="billing-title">{t('profile.billing')}</h2>
      <TextField
        label={t('auth.company')}
        autoComplete="organization"
        error={e.company?.message}
        {...register('company', req)}
      />
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
        label={t('profile.address')}
        autoComplete="street-address"
        error={e.address?.message}
        {...register('address', req)}
      />
      <TextField
        label={t('profile.postalCode')}
        autoComplete="postal-code"
        error={e.postalCode?.message}
        {...register('postalCode', req)}
      />
      <TextField
        label={t('profile.city')}
        autoComplete="address-level2"
        error={e.city?.message}
        {...register('city', req)}
      />
      <TextField
        label={t('profile.country')}
        autoComplete="country"
        maxLength={2}
        error={e.country?.message}
        {...register('country', req)}
      />
      <TextField label={t('profile.vatNumber')} error={e.vatNumber?.message} {...register('vatNumber')} />
      <FormMessage error={message.error} success={message.ok} />
      <button type="submit" disabled={save.isPending}>
        {t('app.save')}
      </button>
    </form>
  );
}
