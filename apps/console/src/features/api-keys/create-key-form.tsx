import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, call, type Schemas } from '../../shared/api/client';
import { endOfDay } from '../../shared/format/days';
import { useI18n } from '../../shared/i18n/i18n';
import { CheckboxField, TextField } from '../../shared/ui/fields';
import { applyProblem, FormMessage } from '../../shared/ui/problem';
import { SubAccountSelect } from '../../shared/ui/sub-account-select';
import { scopeLabel, SCOPES, type Scope } from './scopes';

type Body = Schemas['CreateApiKeyBody'];
interface KeyForm {
  name: string;
  scopes: Scope[];
  subAccountId: string;
  expiresOn: string;
}
const FIELDS = ['name', 'scopes', 'subAccountId', 'expiresAt'];

export function toBody(f: KeyForm): Body {
  return {
    name: f.name.trim(),
    scopes: SCOPES.filter((s) => f.scopes.includes(s)),
    ...(f.subAccountId ? { subAccountId: f.subAccountId } : {}),
    ...(f.expiresOn ? { expiresAt: endOfDay(f.expiresOn).toISOString() } : {}),
  };
}

/** A new key; its secret comes back in this answer only and is handed to `onCreated` to be shown once. */
export function CreateKeyForm({
  owner,
  onCreated,
}: {
  owner: boolean;
  onCreated: (k: Schemas['CreatedApiKey']) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const [error, setMessage] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<KeyForm>({
    defaultValues: { name: '', scopes: [], subAccountId: '', expiresOn: '' },
  });
  const create = useMutation({
    mutationFn: (f: KeyForm) => call(api.POST('/api/v1/api-keys', { body: toBody(f) })),
    onSuccess: (created) => {
      reset();
      setMessage(null);
      onCreated(created);
      void queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
    // expiresAt is a day picker here: the API's problem about it goes next to expiresOn.
    onError: (err) =>
      setMessage(
        applyProblem<KeyForm>(
          err,
          (name, e) => setError(String(name) === 'expiresAt' ? 'expiresOn' : name, e),
          FIELDS,
          i18n,
        ),
      ),
  });
  const e = formState.errors;
  return (
    <form
      onSubmit={(ev) => void handleSubmit((f) => create.mutate(f))(ev)}
      noValidate
      aria-labelledby="key-create-title"
    >
      <h2 id="key-create-title">{t('keys.create')}</h2>
      <TextField
        label={t('keys.name')}
        error={e.name?.message}
        {...register('name', { required: t('error.required') })}
      />
      <fieldset aria-describedby={e.scopes ? 'scopes-error' : undefined}>
        <legend>{t('keys.scopes')}</legend>
        {SCOPES.map((s) => (
          <CheckboxField
            key={s}
            label={`${t(scopeLabel(s))} (${s})`}
            value={s}
            {...register('scopes', { validate: (v) => v.length > 0 || t('keys.pickScope') })}
          />
        ))}
        {e.scopes && (
          <span id="scopes-error" className="field-error" role="alert">
            {e.scopes.message}
          </span>
        )}
      </fieldset>
      {owner && (
        <SubAccountSelect
          label={t('keys.subAccount')}
          emptyLabel={t('keys.noSub')}
          error={e.subAccountId?.message}
          {...register('subAccountId')}
        />
      )}
      <TextField label={t('keys.expiresAt')} type="date" error={e.expiresOn?.message} {...register('expiresOn')} />
      <FormMessage error={error} />
      <button type="submit" disabled={create.isPending}>
        {t('keys.create')}
      </button>
    </form>
  );
}
