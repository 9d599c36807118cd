import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { describe, FormMessage } from '../../shared/ui/problem';
import { CreateWebhookForm } from './create-webhook-form';
import { EditWebhookForm } from './edit-webhook-form';
import { NewWebhookSecret } from './new-webhook-secret';
import { PagedTable } from '../../shared/ui/paged-table';

type Webhook = Schemas['WebhookView'];

/** Webhooks: create (secret shown once), list, edit events / active, rotate the secret, delete; link to deliveries. */
export function WebhooksPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<{ hook: Schemas['CreatedWebhook']; rotated: boolean } | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState<{ error?: string | null; ok?: string }>({});
  const list = useInfiniteQuery({
    queryKey: ['webhooks'],
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/v1/webhooks', { params: { query: { limit: 100, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['webhooks'] });
  const failed = (err: unknown) => setMessage({ error: describe(err, i18n) });
  const rotate = useMutation({
    mutationFn: (w: Webhook) =>
      call(api.POST('/api/v1/webhooks/{id}/rotate-secret', { params: { path: { id: w.id } } })),
    onSuccess: (hook) => {
      setMessage({});
      setSecret({ hook, rotated: true });
      refresh();
    },
    onError: failed,
  });
  const remove = useMutation({
    mutationFn: (w: Webhook) => call(api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id: w.id } } })),
    onSuccess: () => {
      setMessage({ ok: t('hooks.deleted') });
      refresh();
    },
    onError: failed,
  });
  const busy = rotate.isPending || remove.isPending;

  return (
    <section>
      <h1>{t('hooks.title')}</h1>
      <p>{t('hooks.help')}</p>
      {secret ? (
        <NewWebhookSecret created={secret.hook} rotated={secret.rotated} onDone={() => setSecret(null)} />
      ) : (
        <CreateWebhookForm
          onCreated={(hook) => {
            setMessage({});
            setSecret({ hook, rotated: false });
            refresh();
          }}
        />
      )}
      <h2>{t('hooks.list')}</h2>
      <FormMessage error={message.error} success={message.ok} />
      <PagedTable
        list={list}
        testId="webhooks"
        empty={<p>{t('hooks.empty')}</p>}
        head={
          <tr>
            <th scope="col">{t('hooks.url')}</th>
            <th scope="col">{t('hooks.events')}</th>
            <th scope="col">{t('hooks.state')}</th>
            <th scope="col">{t('keys.prefix')}</th>
            <th scope="col">{t('sub.actions')}</th>
          </tr>
        }
        row={(w) => (
          <tr key={w.id} data-testid={`webhook-${w.url}`}>
            <td>{w.url}</td>
            <td>{w.events.join(', ')}</td>
            <td data-testid="webhook-state">
              {t(w.active ? 'hooks.active' : 'hooks.paused')}
              {w.failing && `, ${t('hooks.failing')}`}
            </td>
            <td>
              <code>{w.secretPrefix}…</code>
            </td>
            <td className="actions">
              {editing === w.id ? (
                <EditWebhookForm
                  webhook={w}
                  onCancel={() => setEditing(null)}
                  onSaved={() => {
                    setEditing(null);
                    setMessage({ ok: t('hooks.saved') });
                    refresh();
                  }}
                />
              ) : (
                <>
                  <button
                    type="button"
                    aria-label={t('hooks.editOf', { url: w.url })}
                    onClick={() => {
                      setMessage({});
                      setEditing(w.id);
                    }}
                  >
                    {t('hooks.edit')}
                  </button>
                  <Link to={`/webhooks/${w.id}/deliveries`} aria-label={t('hooks.deliveriesOf', { url: w.url })}>
                    {t('hooks.deliveries')}
                  </Link>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={t('hooks.rotateOf', { url: w.url })}
                    disabled={busy}
                    onClick={() => window.confirm(t('hooks.confirmRotate', { url: w.url })) && rotate.mutate(w)}
                  >
                    {t('hooks.rotate')}
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={t('hooks.deleteOf', { url: w.url })}
                    disabled={busy}
                    onClick={() => window.confirm(t('hooks.confirmDelete', { url: w.url })) && remove.mutate(w)}
                  >
                    {t('hooks.delete')}
                  </button>
                </>
              )}
            </td>
          </tr>
        )}
      />
    </section>
  );
}
