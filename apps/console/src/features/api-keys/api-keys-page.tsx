import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, type Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { isOwner, useMe } from '../../shared/session/me';
import { describe, FormMessage } from '../../shared/ui/problem';
import { CreateKeyForm } from './create-key-form';
import { NewKeySecret } from './new-key-secret';
import { PagedTable } from '../../shared/ui/paged-table';

type ApiKey = Schemas['ApiKeyView'];

/** Create (secret shown once), list and revoke API keys; scopes as checkboxes, optional sub-account binding. */
export function ApiKeysPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe();
  const owner = isOwner(me.data);
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<Schemas['CreatedApiKey'] | null>(null);
  const [message, setMessage] = useState<{ error?: string | null; ok?: string }>({});
  const list = useInfiniteQuery({
    queryKey: ['api-keys'],
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/v1/api-keys', { params: { query: { limit: 100, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const subs = useInfiniteQuery({
    queryKey: ['sub-accounts'],
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/v1/sub-accounts', { params: { query: { limit: 100, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: owner,
  });
  const subName = new Map((subs.data?.pages.flatMap((p) => p.items) ?? []).map((s) => [s.id, s.name]));
  const revoke = useMutation({
    mutationFn: (k: ApiKey) => call(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: k.id } } })),
    onSuccess: () => {
      setMessage({ ok: t('keys.revoked') });
      void queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
    onError: (err) => setMessage({ error: describe(err, i18n) }),
  });

  return (
    <section>
      <h1>{t('keys.title')}</h1>
      <p>{t('keys.help')}</p>
      {created ? (
        <NewKeySecret created={created} onDone={() => setCreated(null)} />
      ) : (
        <CreateKeyForm
          owner={owner}
          onCreated={(k) => {
            setMessage({});
            setCreated(k);
          }}
        />
      )}
      <h2>{t('keys.list')}</h2>
      <FormMessage error={message.error} success={message.ok} />
      <PagedTable
        list={list}
        testId="api-keys"
        head={
          <tr>
            <th scope="col">{t('keys.name')}</th>
            <th scope="col">{t('keys.prefix')}</th>
            <th scope="col">{t('keys.scopes')}</th>
            <th scope="col">{t('audit.subAccount')}</th>
            <th scope="col">{t('keys.createdAt')}</th>
            <th scope="col">{t('keys.lastUsedAt')}</th>
            <th scope="col">{t('keys.expiresAt')}</th>
            {owner && <th scope="col">{t('sub.actions')}</th>}
          </tr>
        }
        row={(k) => (
          <tr key={k.id} data-testid={`key-${k.name}`}>
            <td>{k.name}</td>
            <td>
              <code>{k.prefix}…</code>
            </td>
            <td>{k.scopes.join(', ')}</td>
            <td>{k.subAccountId ? (subName.get(k.subAccountId) ?? k.subAccountId) : '—'}</td>
            <td>{i18n.dateTime(k.createdAt)}</td>
            <td>{k.lastUsedAt ? i18n.dateTime(k.lastUsedAt) : t('keys.never')}</td>
            <td>{k.expiresAt ? i18n.dateTime(k.expiresAt) : t('keys.noExpiry')}</td>
            {owner && (
              <td className="actions">
                <button
                  type="button"
                  className="secondary"
                  aria-label={t('keys.revokeOf', { name: k.name })}
                  disabled={revoke.isPending}
                  onClick={() => window.confirm(t('keys.confirmRevoke', { name: k.name })) && revoke.mutate(k)}
                >
                  {t('keys.revoke')}
                </button>
              </td>
            )}
          </tr>
        )}
      />
    </section>
  );
}
