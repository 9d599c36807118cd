import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { describe, FormMessage, QueryState } from '../../shared/ui/problem';
import { CampaignCounts } from './campaign-counts';
import { campaignState, canCancel, STATE_LABEL } from './campaign-state';
import { useCancelCampaign } from './use-cancel-campaign';

export function CampaignDetailPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { id = '' } = useParams();
  const [message, setMessage] = useState<{ error?: string | null; ok?: string }>({});
  const { ask, pending } = useCancelCampaign((err) =>
    setMessage(err ? { error: describe(err, i18n) } : { ok: t('camp.cancelled') }),
  );
  const campaign = useQuery({
    queryKey: ['campaign', id],
    queryFn: () => call(api.GET('/api/v1/campaigns/{id}', { params: { path: { id } } })),
  });
  const c = campaign.data;
  const now = new Date();
  return (
    <section>
      <p>
        <Link to="/campaigns">{t('camp.title')}</Link>
      </p>
      {!c ? (
        <>
          <h1>{t('camp.title')}</h1>
          <QueryState error={campaign.error} retry={() => void campaign.refetch()} />
        </>
      ) : (
        <>
          <h1>{t('camp.detailTitle', { date: i18n.dateTime(c.submittedAt) })}</h1>
          <dl className="facts" data-testid="campaign">
            <dt>{t('camp.id')}</dt>
            <dd>{c.id}</dd>
            <dt>{t('camp.status')}</dt>
            <dd data-testid="campaign-state">{t(STATE_LABEL[campaignState(c, now)])}</dd>
            {c.scheduledAt && (
              <>
                <dt>{t('camp.scheduledAt')}</dt>
                <dd>{i18n.dateTime(c.scheduledAt)}</dd>
              </>
            )}
            {c.cancelledAt && (
              <>
                <dt>{t('camp.cancelledAt')}</dt>
                <dd>{i18n.dateTime(c.cancelledAt)}</dd>
              </>
            )}
            <dt>{t('camp.sender')}</dt>
            <dd>{c.sender}</dd>
            <dt>{t('camp.recipients')}</dt>
            <dd>{i18n.number(c.recipients)}</dd>
            <dt>{t('camp.segments')}</dt>
            <dd>{i18n.number(c.segments)}</dd>
            <dt>{t('camp.credits')}</dt>
            <dd>{i18n.number(c.creditsCharged)}</dd>
            <dt>{t('camp.counts')}</dt>
            <dd>
              <CampaignCounts campaign={c} />
            </dd>
          </dl>
          <FormMessage error={message.error} success={message.ok} />
          {canCancel(c, now) && (
            <button type="button" disabled={pending} onClick={() => ask(c)}>
              {t('camp.cancel')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
