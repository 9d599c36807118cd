import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, call, type Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { CheckboxField, TextField } from '../../shared/ui/fields';
import { applyProblem, FormMessage } from '../../shared/ui/problem';
import { ChannelVerification } from './channel-verification';

interface AlertForm {
  threshold: string;
  sms: { phone: string; active: boolean };
  email: { address: string; active: boolean };
}
const FIELDS = ['threshold', 'sms.phone', 'sms.active', 'email.address', 'email.active'];

export function AlertPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ error?: string | null; ok?: string }>({});
  const current = useQuery({
    queryKey: ['balance-alert'],
    queryFn: () => call(api.GET('/api/v1/account/balance-alert')),
    retry: false,
  });
  const values = useMemo(() => {
    const a = current.data;
    if (!a) return undefined;
    return {
      threshold: a.threshold === null ? '' : String(a.threshold),
      sms: { phone: a.sms?.phone ?? '', active: a.sms?.active ?? false },
      email: { address: a.email?.address ?? '', active: a.email?.active ?? false },
    };
  }, [current.data]);
  // Loaded values never overwrite what the person already typed.
  const { register, handleSubmit, setError, formState } = useForm<AlertForm>({
    defaultValues: { threshold: '', sms: { phone: '', active: false }, email: { address: '', active: false } },
    values,
    resetOptions: { keepDirtyValues: true },
  });

  const save = useMutation({
    mutationFn: (f: AlertForm) => {
      const body: Schemas['BalanceAlertSettings'] = {
        threshold: Number(f.threshold),
        ...(f.sms.phone.trim() || f.sms.active ? { sms: { phone: f.sms.phone.trim(), active: f.sms.active } } : {}),
        ...(f.email.address.trim() || f.email.active
          ? { email: { address: f.email.address.trim(), active: f.email.active } }
          : {}),
      };
      return call(api.PUT('/api/v1/account/balance-alert', { body }));
    },
    onSuccess: (data) => {
      queryClient.setQueryData(['balance-alert'], data);
      setMessage({ ok: t('app.saved') });
    },
    onError: (err) => setMessage({ error: applyProblem(err, setError, FIELDS, i18n) }),
  });
  const e = formState.errors;
  const sms = current.data?.sms;
  const email = current.data?.email;
  return (
    <section>
      <h1>{t('nav.alert')}</h1>
      <p>{t('alert.help')}</p>
      <form onSubmit={(ev) => void handleSubmit((f) => save.mutate(f))(ev)} noValidate>
        <TextField
          label={t('alert.threshold')}
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          error={e.threshold?.message}
          {...register('threshold', { required: t('error.required') })}
        />
        <CheckboxField label={t('alert.smsActive')} error={e.sms?.active?.message} {...register('sms.active')} />
        <TextField label={t('alert.smsPhone')} type="tel" error={e.sms?.phone?.message} {...register('sms.phone')} />
        <CheckboxField label={t('alert.emailActive')} error={e.email?.active?.message} {...register('email.active')} />
        <TextField
          label={t('alert.emailAddress')}
          type="email"
          error={e.email?.address?.message}
          {...register('email.address')}
        />
        <FormMessage error={message.error} success={message.ok} />
        <button type="submit" disabled={save.isPending}>
          {t('app.save')}
        </button>
      </form>
      {email?.address && (
        <ChannelVerification key={email.address} channel="email" recipient={email.address} verified={email.verified} />
      )}
      {sms?.phone && (
        <ChannelVerification key={sms.phone} channel="sms" recipient={sms.phone} verified={sms.verified} />
      )}
    </section>
  );
}
