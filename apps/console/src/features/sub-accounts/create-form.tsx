import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, call, newIdempotencyKey } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { CheckboxField, TextField } from '../../shared/ui/fields';
import { applyProblem, FormMessage } from '../../shared/ui/problem';

interface CreateForm {
  name: string;
  manager: { firstName: string; lastName: string; email: string };
  password: string;
  unlimited: boolean;
  credits: string;
}
const FIELDS = ['name', 'manager.firstName', 'manager.lastName', 'manager.email', 'password', 'unlimited', 'credits'];

export function CreateSubAccountForm() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const key = useRef(newIdempotencyKey());
  const [message, setMessage] = useState<{ error?: string | null; ok?: string }>({});
  const { register, handleSubmit, setError, reset, watch, formState } = useForm<CreateForm>({
    defaultValues: { unlimited: false, credits: '0' },
  });
  const unlimited = watch('unlimited');

  const create = useMutation({
    mutationFn: (f: CreateForm) =>
      call(
        api.POST('/api/v1/sub-accounts', {
          params: { header: { 'Idempotency-Key': key.current } },
          body: {
            name: f.name,
            manager: f.manager,
            password: f.password,
            unlimited: f.unlimited,
            ...(f.unlimited ? {} : { credits: Number(f.credits || 0) }),
          },
        }),
      ),
    onSuccess: () => {
      key.current = newIdempotencyKey();
      reset();
      setMessage({ ok: t('sub.created') });
      void queryClient.invalidateQueries({ queryKey: ['sub-accounts'] });
      void queryClient.invalidateQueries({ queryKey: ['balance'] });
    },
    onError: (err) => setMessage({ error: applyProblem(err, setError, FIELDS, i18n) }),
  });
  const e = formState.errors;
  const req = { required: t('error.required') };
  return (
    <form
      onSubmit={(ev) => void handleSubmit((f) => create.mutate(f))(ev)}
      noValidate
      aria-labelledby="create-sub-title"
    >
      <h2 id="create-sub-title">{t('sub.create')}</h2>
      <TextField label={t('sub.name')} error={e.name?.message} {...register('name', req)} />
      <TextField
        label={t('sub.managerFirstName')}
        error={e.manager?.firstName?.message}
        {...register('manager.firstName', req)}
      />
      <TextField
        label={t('sub.managerLastName')}
        error={e.manager?.lastName?.message}
        {...register('manager.lastName', req)}
      />
      <TextField
        label={t('sub.managerEmail')}
        type="email"
        error={e.manager?.email?.message}
        {...register('manager.email', req)}
      />
      <TextField
        label={t('sub.password')}
        type="password"
        autoComplete="new-password"
        error={e.password?.message}
        {...register('password', req)}
      />
      <CheckboxField label={t('sub.unlimited')} error={e.unlimited?.message} {...register('unlimited')} />
      {!unlimited && (
        <TextField
          label={t('sub.credits')}
          type="number"
          min={0}
          step={1}
          error={e.credits?.message}
          {...register('credits')}
        />
      )}
      <FormMessage error={message.error} success={message.ok} />
      <button type="submit" disabled={create.isPending}>
        {t('sub.create')}
      </button>
    </form>
  );
}
