import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { QueryState } from './problem';

/** What PagedTable needs of a `useInfiniteQuery` over the API's keyset pages `{items, nextCursor}`. */
export interface PagedList<T> {
  data?: { pages: readonly { items: readonly T[] }[] };
  error: unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  refetch: () => unknown;
  fetchNextPage: () => unknown;
}

/** Every item of the pages loaded so far. */
export function pagedItems<T>(list: PagedList<T>): T[] {
  return list.data?.pages.flatMap((p) => p.items) ?? [];
}

/**
 * A keyset-paged list as a table, the one way every list screen shows one: loading (or the error
 * with a retry) until the first page, `empty` when there is nothing, the rows, the error of a later
 * page with a retry, and "more" while the API says there are pages.
 */
export function PagedTable<T>({
  list,
  head,
  row,
  testId,
  empty,
}: {
  list: PagedList<T>;
  /** The header row: a `<tr>` of `<th scope="col">`. */
  head: ReactNode;
  /** One `<tr>` per item, with its key. */
  row: (item: T) => ReactNode;
  testId?: string;
  /** What to say when there are no items (default: "none"). */
  empty?: ReactNode;
}) {
  const { t } = useI18n();
  const items = pagedItems(list);
  return (
    <>
      {!list.data ? (
        <QueryState error={list.error} retry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        (empty ?? <p>{t('app.none')}</p>)
      ) : (
        <table data-testid={testId}>
          <thead>{head}</thead>
          <tbody>{items.map(row)}</tbody>
        </table>
      )}
      {list.error && list.data && <QueryState error={list.error} retry={() => void list.fetchNextPage()} />}
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {t('app.more')}
        </button>
      )}
    </>
  );
}
