import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, call, type Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { TextField } from '../../shared/ui/fields';
import { describe, FormMessage, QueryState } from '../../shared/ui/problem';

type Entry = Schemas['SenderEntryView'];
type Message = { error?: string | null; ok?: string };
const KEY = ['senders'];

/**
 * The senders this account may send as: a number is usable once the code sent to it is typed
 * here, a name once the platform approves it. Add, verify, ask for a new code, remove.
 */
export function SenderList() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const [sender, setSender] = useState('');
  const [message, setMessage] = useState<Message>({});
  const list = useQuery({
    queryKey: KEY,
    queryFn: async () => call(api.GET('/api/v1/account/senders', { params: { query: { limit: 500 } } })),
  });
  const add = useMutation({
    mutationFn: (value: string) => call(api.POST('/api/v1/account/senders', { body: { sender: value } })),
    onSuccess: async (entry) => {
      setSender('');
      setMessage({
        ok: t(entry.kind === 'numeric' ? 'senders.addedNumber' : 'senders.addedName', { sender: entry.sender }),
      });
      await queryClient.invalidateQueries({ queryKey: KEY });
    },
    onError: (err) => setMessage({ error: describe(err, i18n) }),
  });
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (sender.trim()) add.mutate(sender.trim());
  };

  return (
    <section aria-labelledby="senders-heading" data-testid="senders">
      <h2 id="senders-heading">{t('senders.title')}</h2>
      <p>{t('senders.help')}</p>
      {!list.data && <QueryState error={list.error} retry={() => void list.refetch()} />}
      {list.data && list.data.items.length === 0 && <p>{t('senders.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <ul>
          {list.data.items.map((entry) => (
            <SenderRow key={entry.id} entry={entry} />
          ))}
        </ul>
      )}
      <form onSubmit={submit} noValidate aria-label={t('senders.addForm')}>
        <TextField
          label={t('senders.new')}
          maxLength={16}
          value={sender}
          onChange={(ev) => setSender(ev.target.value)}
        />
        <button type="submit" disabled={add.isPending}>
          {t('senders.add')}
        </button>
      </form>
      <FormMessage error={message.error} success={message.ok} />
    </section>
  );
}

function SenderRow({ entry }: { entry: Entry }) {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<Message>({});
  const refresh = () => queryClient.invalidateQueries({ queryKey: KEY });
  const path = { params: { path: { id: entry.id } } };
  const verify = useMutation({
    mutationFn: (value: string) =>
      call(api.POST('/api/v1/account/senders/{id}/verify', { ...path, body: { code: value } })),
    onSuccess: async () => {
      setCode('');
      setMessage({ ok: t('alert.verifiedNow') });
      await refresh();
    },
    onError: (err) => setMessage({ error: describe(err, i18n) }),
  });
  const resend = useMutation({
    mutationFn: () => call(api.POST('/api/v1/account/senders/{id}/resend', path)),
    onSuccess: () => setMessage({ ok: t('alert.codeSent', { recipient: entry.sender }) }),
    onError: (err) => setMessage({ error: describe(err, i18n) }),
  });
  const remove = useMutation({
    mutationFn: () => call(api.DELETE('/api/v1/account/senders/{id}', path)),
    onSuccess: () => refresh(),
    onError: (err) => setMessage({ error: describe(err, i18n) }),
  });
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (!/^\d{6}$/.test(code.trim())) return setMessage({ error: t('alert.codeFormat') });
    verify.mutate(code.trim());
  };
  return (
    <li data-testid={`sender-${entry.sender}`}>
      <strong>{entry.sender}</strong> <span data-testid="sender-status">{t(`senders.status.${entry.status}`)}</span>{' '}
      <button type="button" disabled={remove.isPending} onClick={() => remove.mutate()}>
        {t('senders.remove', { sender: entry.sender })}
      </button>
      {entry.status === 'unverified' && (
        <form onSubmit={submit} noValidate aria-label={t('senders.verifyForm', { sender: entry.sender })}>
          <TextField
            label={t('alert.code')}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(ev) => setCode(ev.target.value)}
          />
          <button type="submit" disabled={verify.isPending}>
            {t('alert.verify')}
          </button>{' '}
          <button type="button" disabled={resend.isPending} onClick={() => resend.mutate()}>
            {t('alert.resend')}
          </button>
        </form>
      )}
      <FormMessage error={message.error} success={message.ok} />
    </li>
  );
}
