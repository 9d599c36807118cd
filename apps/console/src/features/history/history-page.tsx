import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useLocation, useParams, useSearchParams } from 'react-router';
import { api, call, saveBlob } from '../../shared/api/client';
import { TIME_ZONE, useI18n } from '../../shared/i18n/i18n';
import { TextField } from '../../shared/ui/fields';
import { describe, FormMessage, QueryState } from '../../shared/ui/problem';

const FILTERS = ['from', 'to', 'recipient', 'minCampaignSize'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const EMPTY: Filters = { from: '', to: '', recipient: '', minCampaignSize: '' };

/** The filters live in the URL, so a filtered view can be reloaded, shared and kept after login. */
function toQuery(f: Filters) {
  return {
    from: f.from || undefined,
    to: f.to || undefined,
    recipient: f.recipient || undefined,
    minCampaignSize: f.minCampaignSize ? Number(f.minCampaignSize) : undefined,
    timeZone: TIME_ZONE,
  };
}

/** A sub-account's history for its owner (/sub-accounts/:id/history) or one's own (/history). */
export function HistoryPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { id } = useParams();
  const location = useLocation();
  const name = (location.state as { name?: string } | null)?.name ?? '';
  const [params, setParams] = useSearchParams();
  const filters: Filters = { ...EMPTY, ...Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) };
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Filters>({ values: filters });

  const history = useInfiniteQuery({
    queryKey: ['history', id ?? 'own', filters],
    queryFn: ({ pageParam }) => {
      const query = { ...toQuery(filters), limit: 50, cursor: pageParam };
      return id
        ? call(api.GET('/api/v1/sub-accounts/{id}/history', { params: { path: { id }, query } }))
        : call(api.GET('/api/v1/history', { params: { query } }));
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = history.data?.pages.flatMap((p) => p.items) ?? [];

  const apply = (f: Filters) =>
    setParams(Object.fromEntries(Object.entries(f).filter(([, v]) => v !== '')), {
      replace: true,
      state: location.state,
    });
  const download = async () => {
    setError(null);
    const query = toQuery(filters);
    const pending = id
      ? api.GET('/api/v1/sub-accounts/{id}/delivery-receipts.xlsx', {
          params: { path: { id }, query },
          parseAs: 'blob',
        })
      : api.GET('/api/v1/delivery-receipts.xlsx', { params: { query }, parseAs: 'blob' });
    await saveBlob(pending, 'delivery-receipts.xlsx').catch((err: unknown) => setError(describe(err, i18n)));
  };

  return (
    <section>
      <h1>{id ? t('history.title', { name }) : t('history.titleOwn')}</h1>
      <form className="inline" onSubmit={(e) => void form.handleSubmit(apply)(e)} aria-label={t('history.filter')}>
        <TextField label={t('history.from')} type="date" {...form.register('from')} />
        <TextField label={t('history.to')} type="date" {...form.register('to')} />
        <TextField label={t('history.recipient')} type="tel" {...form.register('recipient')} />
        <TextField
          label={t('history.minCampaignSize')}
          type="number"
          min={1}
          step={1}
          {...form.register('minCampaignSize')}
        />
        <button type="submit">{t('history.filter')}</button>
        <button type="button" className="secondary" onClick={() => apply(EMPTY)}>
          {t('history.clear')}
        </button>
      </form>
      <p>
        <button type="button" onClick={() => void download()}>
          {t('history.excel')}
        </button>
      </p>
      <FormMessage error={error} />
      {!history.data ? (
        <QueryState error={history.error} retry={() => void history.refetch()} />
      ) : items.length === 0 ? (
        <p>{t('app.none')}</p>
      ) : (
        <table data-testid="history">
          <thead>
            <tr>
              <th scope="col">{t('history.submittedAt')}</th>
              <th scope="col">{t('history.recipient')}</th>
              <th scope="col">{t('history.sender')}</th>
              <th scope="col">{t('history.text')}</th>
              <th scope="col">{t('history.segments')}</th>
              <th scope="col">{t('history.status')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id}>
                <td>{i18n.dateTime(m.submittedAt)}</td>
                <td>{m.recipient}</td>
                <td>{m.sender}</td>
                <td>{m.text}</td>
                <td>{i18n.number(m.segments)}</td>
                <td>{m.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {history.hasNextPage && (
        <button type="button" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage}>
          {t('app.more')}
        </button>
      )}
    </section>
  );
}
