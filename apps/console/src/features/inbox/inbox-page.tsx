import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../../shared/api/client';
import { TIME_ZONE, useI18n } from '../../shared/i18n/i18n';
import { isOwner, useMe } from '../../shared/session/me';
import { TextField } from '../../shared/ui/fields';
import { SubAccountSelect } from '../../shared/ui/sub-account-select';
import { OptOutsSection } from './opt-outs-section';
import { PagedTable } from '../../shared/ui/paged-table';

const FILTERS = ['from', 'to', 'subAccountId'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const EMPTY: Filters = { from: '', to: '', subAccountId: '' };

/** Replies received (newest first, "load more", day filters, the owner's sub-account) and the opt-out list. */
export function InboxPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe();
  const owner = isOwner(me.data);
  const [params, setParams] = useSearchParams();
  const filters: Filters = { ...EMPTY, ...Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) };
  const [draft, setDraft] = useState<Filters | null>(null);
  const shown = draft ?? filters;
  const list = useInfiniteQuery({
    queryKey: ['inbox', filters],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/inbox', {
          params: {
            query: {
              from: filters.from || undefined,
              to: filters.to || undefined,
              timeZone: filters.from || filters.to ? TIME_ZONE : undefined,
              subAccountId: filters.subAccountId || undefined,
              limit: 50,
              cursor: pageParam,
            },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const apply = (f: Filters) => {
    setDraft(null);
    setParams(Object.fromEntries(Object.entries(f).filter(([, v]) => v !== '')), { replace: true });
  };
  const edit = (k: keyof Filters, v: string) => setDraft({ ...shown, [k]: v });

  return (
    <section>
      <h1>{t('inbox.title')}</h1>
      <h2>{t('inbox.replies')}</h2>
      <form
        className="filters"
        aria-label={t('inbox.filter')}
        onSubmit={(e) => {
          e.preventDefault();
          apply(shown);
        }}
      >
        <TextField
          label={t('inbox.from')}
          type="date"
          value={shown.from}
          onChange={(e) => edit('from', e.target.value)}
        />
        <TextField label={t('inbox.to')} type="date" value={shown.to} onChange={(e) => edit('to', e.target.value)} />
        {owner && (
          <SubAccountSelect
            label={t('inbox.subAccount')}
            emptyLabel={t('inbox.own')}
            value={shown.subAccountId}
            onChange={(e) => edit('subAccountId', e.target.value)}
          />
        )}
        <p className="inline">
          <button type="submit">{t('inbox.filter')}</button>
          <button type="button" className="secondary" onClick={() => apply(EMPTY)}>
            {t('inbox.clear')}
          </button>
        </p>
      </form>
      <PagedTable
        list={list}
        testId="inbox"
        empty={<p>{t('inbox.empty')}</p>}
        head={
          <tr>
            <th scope="col">{t('inbox.receivedAt')}</th>
            <th scope="col">{t('inbox.sender')}</th>
            <th scope="col">{t('inbox.number')}</th>
            <th scope="col">{t('inbox.text')}</th>
          </tr>
        }
        row={(m) => (
          <tr key={m.id} data-testid={`reply-${m.id}`}>
            <td>{i18n.dateTime(m.receivedAt)}</td>
            <td>{m.from}</td>
            <td>{m.to}</td>
            <td>{m.text}</td>
          </tr>
        )}
      />
      <OptOutsSection subAccountId={owner ? filters.subAccountId : ''} />
    </section>
  );
}
