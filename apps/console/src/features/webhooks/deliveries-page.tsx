import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call, type Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { describe, FormMessage, QueryState } from '../../shared/ui/problem';
import { PagedTable } from '../../shared/ui/paged-table';

type Delivery = Schemas['WebhookDeliveryView'];

/** The deliveries of one webhook, newest first: outcome, response code, latency, next retry; redeliver one. */
export function WebhookDeliveriesPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const id = useParams().id ?? '';
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ error?: string | null; ok?: string }>({});
  const hook = useQuery({
    queryKey: ['webhooks', id],
    queryFn: () => call(api.GET('/api/v1/webhooks/{id}', { params: { path: { id } } })),
  });
  const list = useInfiniteQuery({
    queryKey: ['webhook-deliveries', id],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/webhooks/{id}/deliveries', {
          params: { path: { id }, query: { limit: 50, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const redeliver = useMutation({
    mutationFn: (d: Delivery) =>
      call(
        api.POST('/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', {
          params: { path: { id, deliveryId: d.id } },
        }),
      ),
    onSuccess: () => {
      setMessage({ ok: t('hooks.redelivered') });
      void queryClient.invalidateQueries({ queryKey: ['webhook-deliveries', id] });
    },
    onError: (err) => setMessage({ error: describe(err, i18n) }),
  });
  const url = hook.data?.url ?? '…';

  return (
    <section>
      <h1>{t('hooks.deliveriesTitle', { url })}</h1>
      <p>
        <Link to="/webhooks">{t('hooks.back')}</Link>
      </p>
      {hook.error && <QueryState error={hook.error} retry={() => void hook.refetch()} />}
      <FormMessage error={message.error} success={message.ok} />
      <PagedTable
        list={list}
        testId="deliveries"
        empty={<p>{t('hooks.d.empty')}</p>}
        head={
          <tr>
            <th scope="col">{t('hooks.d.createdAt')}</th>
            <th scope="col">{t('hooks.d.event')}</th>
            <th scope="col">{t('hooks.d.status')}</th>
            <th scope="col">{t('hooks.d.attempts')}</th>
            <th scope="col">{t('hooks.d.code')}</th>
            <th scope="col">{t('hooks.d.latency')}</th>
            <th scope="col">{t('hooks.d.nextRetry')}</th>
            <th scope="col">{t('hooks.d.error')}</th>
            <th scope="col">{t('sub.actions')}</th>
          </tr>
        }
        row={(d) => (
          <tr key={d.id} data-testid={`delivery-${d.id}`}>
            <td>{i18n.dateTime(d.createdAt)}</td>
            <td>{d.eventType}</td>
            <td>{t(`hooks.d.status.${d.status}`)}</td>
            <td>{i18n.number(d.attempts)}</td>
            <td>{d.responseStatus ?? '—'}</td>
            <td>{d.latencyMs === null ? '—' : t('hooks.d.ms', { ms: i18n.number(d.latencyMs) })}</td>
            <td>{d.nextRetryAt ? i18n.dateTime(d.nextRetryAt) : '—'}</td>
            <td>{d.error ?? '—'}</td>
            <td className="actions">
              <button
                type="button"
                className="secondary"
                aria-label={t('hooks.redeliverOf', { date: i18n.dateTime(d.createdAt) })}
                disabled={redeliver.isPending}
                onClick={() => redeliver.mutate(d)}
              >
                {t('hooks.redeliver')}
              </button>
            </td>
          </tr>
        )}
      />
    </section>
  );
}
