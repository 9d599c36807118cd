import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useParams } from 'react-router';
import { api, call, type Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { CheckboxField, TextField } from '../../shared/ui/fields';
import { applyProblem, FormMessage, QueryState } from '../../shared/ui/problem';
import { patchOf, toForm, type EditForm } from './edit-patch';
import { ManagerPasswordForm } from './manager-password-form';

type SubAccount = Schemas['SubAccountView'];
const FIELDS = ['name', 'manager.firstName', 'manager.lastName', 'manager.email', 'unlimited'];

/** Every field PATCH /sub-accounts/{id} takes, and the manager's password. */
export function SubAccountEditPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const sub = useQuery({
    queryKey: ['sub-accounts', id],
    queryFn: () => call(api.GET('/api/v1/sub-accounts/{id}', { params: { path: { id } } })),
  });
  return (
    <section>
      <p>
        <Link to="/sub-accounts">{t('subEdit.back')}</Link>
      </p>
      {!sub.data ? (
        <>
          <h1>{t('sub.edit')}</h1>
          <QueryState error={sub.error} retry={() => void sub.refetch()} />
        </>
      ) : (
        <>
          <h1>{t('subEdit.title', { name: sub.data.name })}</h1>
          <DetailsForm sub={sub.data} />
          <ManagerPasswordForm subAccountId={sub.data.id} />
        </>
      )}
    </section>
  );
}

function DetailsForm({ sub }: { sub: SubAccount }) {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ error?: string | null; ok?: string }>({});
  const { register, handleSubmit, setError, watch, formState } = useForm<EditForm>({ values: toForm(sub) });
  const save = useMutation({
    mutationFn: (patch: NonNullable<ReturnType<typeof patchOf>>) =>
      call(api.PATCH('/api/v1/sub-accounts/{id}', { params: { path: { id: sub.id } }, body: patch })),
    onSuccess: (updated) => {
      setMessage({ ok: t('app.saved') });
      queryClient.setQueryData(['sub-accounts', sub.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['sub-accounts'] });
      void queryClient.invalidateQueries({ queryKey: ['balance'] });
    },
    onError: (err) => setMessage({ error: applyProblem(err, setError, FIELDS, i18n) }),
  });
  const submit = (f: EditForm) => {
    const patch = patchOf(sub, f);
    if (!patch) return setMessage({ ok: t('subEdit.nothing') });
    // Going unlimited moves the sub-account's credits back: ask first, as for every move of credits.
    if (
      patch.unlimited &&
      sub.credits > 0 &&
      !window.confirm(t('subEdit.confirmUnlimited', { name: sub.name, n: sub.credits }))
    )
      return;
    setMessage({});
    save.mutate(patch);
  };
  const e = formState.errors;
  const req = { required: t('error.required') };
  return (
    <form onSubmit={(ev) => void handleSubmit(submit)(ev)} noValidate aria-labelledby="sub-details-title">
      <h2 id="sub-details-title">{t('subEdit.details')}</h2>
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
      <CheckboxField label={t('sub.unlimited')} error={e.unlimited?.message} {...register('unlimited')} />
      {watch('unlimited') && !sub.unlimited && <p className="warning">{t('subEdit.unlimitedWarning')}</p>}
      <FormMessage error={message.error} success={message.ok} />
      <button type="submit" disabled={save.isPending}>
        {t('app.save')}
      </button>
    </form>
  );
}
