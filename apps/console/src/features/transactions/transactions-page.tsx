import { useInfiniteQuery } from '@tanstack/react-query';
import { api, call } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { PagedTable } from '../../shared/ui/paged-table';

/** Credits moved between the account and its sub-accounts (a manager sees its own). */
export function TransactionsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const list = useInfiniteQuery({
    queryKey: ['transactions'],
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/v1/transactions', { params: { query: { limit: 100, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return (
    <section>
      <h1>{t('tx.title')}</h1>
      <PagedTable
        list={list}
        testId="transactions"
        head={
          <tr>
            <th scope="col">{t('tx.date')}</th>
            <th scope="col">{t('tx.kind')}</th>
            <th scope="col">{t('tx.credits')}</th>
            <th scope="col">{t('tx.subAccount')}</th>
          </tr>
        }
        row={(x) => (
          <tr key={x.id}>
            <td>{i18n.dateTime(x.createdAt)}</td>
            <td>{x.kind === 'reset' ? t('tx.reset') : t('tx.credit')}</td>
            <td>{i18n.number(x.credits)}</td>
            <td>{x.subAccount.name}</td>
          </tr>
        )}
      />
    </section>
  );
}
