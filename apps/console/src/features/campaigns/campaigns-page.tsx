import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../../shared/api/client';
import { TIME_ZONE, useI18n } from '../../shared/i18n/i18n';
import { isOwner, useMe } from '../../shared/session/me';
import { TextField } from '../../shared/ui/fields';
import { describe, FormMessage } from '../../shared/ui/problem';
import { SubAccountSelect } from '../../shared/ui/sub-account-select';
import { CampaignCounts } from './campaign-counts';
import { campaignState, canCancel, STATE_LABEL } from './campaign-state';
import { useCancelCampaign } from './use-cancel-campaign';
import { PagedTable } from '../../shared/ui/paged-table';

const FILTERS = ['from', 'to', 'subAccountId'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const EMPTY: Filters = { from: '', to: '', subAccountId: '' };

/** My campaigns (an owner may pick one of its sub-accounts'), newest first, with counts and cancel. */
export function CampaignsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const filters: Filters = { ...EMPTY, ...Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) };
  const form = useForm<Filters>({ values: filters });
  const [message, setMessage] = useState<{ error?: string | null; ok?: string }>({});
  const { ask, pending } = useCancelCampaign((err) =>
    setMessage(err ? { error: describe(err, i18n) } : { ok: t('camp.cancelled') }),
  );

  const list = useInfiniteQuery({
    queryKey: ['campaigns', filters],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/campaigns', {
          params: {
            query: {
              from: filters.from || undefined,
              to: filters.to || undefined,
              subAccountId: filters.subAccountId || undefined,
              timeZone: TIME_ZONE,
              limit: 50,
              cursor: pageParam,
            },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const apply = (f: Filters) =>
    setParams(Object.fromEntries(Object.entries(f).filter(([, v]) => v !== '')), { replace: true });
  const now = new Date();

  return (
    <section>
      <h1>{t('camp.title')}</h1>
      <form className="inline" onSubmit={(e) => void form.handleSubmit(apply)(e)} aria-label={t('history.filter')}>
        <TextField label={t('history.from')} type="date" {...form.register('from')} />
        <TextField label={t('history.to')} type="date" {...form.register('to')} />
        {isOwner(me.data) && <SubAccountSelect label={t('audit.subAccount')} {...form.register('subAccountId')} />}
        <button type="submit">{t('history.filter')}</button>
        <button type="button" className="secondary" onClick={() => apply(EMPTY)}>
          {t('history.clear')}
        </button>
      </form>
      <FormMessage error={message.error} success={message.ok} />
      <PagedTable
        list={list}
        testId="campaigns"
        head={
          <tr>
            <th scope="col">{t('camp.submittedAt')}</th>
            <th scope="col">{t('camp.sender')}</th>
            <th scope="col">{t('camp.recipients')}</th>
            <th scope="col">{t('camp.credits')}</th>
            <th scope="col">{t('camp.status')}</th>
            <th scope="col">{t('camp.counts')}</th>
            <th scope="col">{t('sub.actions')}</th>
          </tr>
        }
        row={(c) => {
          const date = i18n.dateTime(c.submittedAt);
          return (
            <tr key={c.id} data-testid={`campaign-${c.id}`}>
              <td>
                {date}
                {c.scheduledAt && (
                  <>
                    <br />
                    {t('camp.scheduledAt')} {i18n.dateTime(c.scheduledAt)}
                  </>
                )}
              </td>
              <td>{c.sender}</td>
              <td>{i18n.number(c.recipients)}</td>
              <td>{i18n.number(c.creditsCharged)}</td>
              <td data-testid="campaign-state">{t(STATE_LABEL[campaignState(c, now)])}</td>
              <td>
                <CampaignCounts campaign={c} />
              </td>
              <td className="actions">
                <Link to={`/campaigns/${c.id}`} aria-label={t('camp.detailOf', { date })}>
                  {t('camp.detail')}
                </Link>
                {canCancel(c, now) && (
                  <button
                    type="button"
                    className="secondary"
                    disabled={pending}
                    aria-label={t('camp.cancelOf', { date })}
                    onClick={() => ask(c)}
                  >
                    {t('camp.cancel')}
                  </button>
                )}
              </td>
            </tr>
          );
        }}
      />
    </section>
  );
}
