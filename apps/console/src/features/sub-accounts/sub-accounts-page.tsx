import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { FormMessage, QueryState } from '../../shared/ui/problem';
import { CreateSubAccountForm } from './create-form';
import { SubAccountRow } from './sub-account-row';

export function SubAccountsPage() {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const list = useInfiniteQuery({
    queryKey: ['sub-accounts'],
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/v1/sub-accounts', { params: { query: { limit: 100, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section>
      <h1>{t('nav.subAccounts')}</h1>
      <h2>{t('sub.list')}</h2>
      <FormMessage error={error} />
      {!list.data ? (
        <QueryState error={list.error} retry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <p>{t('app.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('sub.name')}</th>
              <th scope="col">{t('sub.manager')}</th>
              <th scope="col">{t('sub.smsSent')}</th>
              <th scope="col">{t('sub.balance')}</th>
              <th scope="col">{t('home.thisMonth')}</th>
              <th scope="col">{t('sub.state')}</th>
              <th scope="col">{t('sub.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <SubAccountRow key={s.id} sub={s} onError={setError} />
            ))}
          </tbody>
        </table>
      )}
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()}>
          {t('app.more')}
        </button>
      )}
      <CreateSubAccountForm />
    </section>
  );
}
