import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { FormMessage } from '../../shared/ui/problem';
import { CreateSubAccountForm } from './create-form';
import { SubAccountRow } from './sub-account-row';
import { PagedTable } from '../../shared/ui/paged-table';

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
  return (
    <section>
      <h1>{t('nav.subAccounts')}</h1>
      <h2>{t('sub.list')}</h2>
      <FormMessage error={error} />
      <PagedTable
        list={list}
        head={
          <tr>
            <th scope="col">{t('sub.name')}</th>
            <th scope="col">{t('sub.manager')}</th>
            <th scope="col">{t('sub.smsSent')}</th>
            <th scope="col">{t('sub.balance')}</th>
            <th scope="col">{t('home.thisMonth')}</th>
            <th scope="col">{t('sub.state')}</th>
            <th scope="col">{t('sub.actions')}</th>
          </tr>
        }
        row={(s) => <SubAccountRow key={s.id} sub={s} onError={setError} />}
      />
      <CreateSubAccountForm />
    </section>
  );
}
