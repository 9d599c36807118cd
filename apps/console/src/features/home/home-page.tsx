import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call } from '../../shared/api/client';
import { monthRanges } from '../../shared/format/days';
import { useI18n } from '../../shared/i18n/i18n';
import { isOwner, useMe } from '../../shared/session/me';
import { QueryState } from '../../shared/ui/problem';
import { UsageChart } from './usage-chart';
import { useUsage } from './use-usage';

export function HomePage() {
  const { t } = useI18n();
  const me = useMe();
  const balance = useQuery({ queryKey: ['balance'], queryFn: () => call(api.GET('/api/v1/account/balance')) });
  const owner = isOwner(me.data);
  const ranges = monthRanges(new Date());
  const thisMonth = useUsage(ranges.thisMonth);
  const lastMonth = useUsage(ranges.lastMonth);

  return (
    <section>
      <h1>{t('nav.home')}</h1>
      <div className="cards">
        <div className="card">
          <h2>{t('home.balance')}</h2>
          {balance.data ? (
            <>
              <p className="big" data-testid="balance">
                {t('home.credits', { n: balance.data.credits })}
              </p>
              {balance.data.unlimited && <p>{t('home.unlimited')}</p>}
              {owner && <Link to="/invoices">{t('home.buy')}</Link>}
            </>
          ) : (
            <QueryState error={balance.error} retry={() => void balance.refetch()} />
          )}
        </div>
        {owner && <AlertCard credits={balance.data?.credits} />}
        <div className="card">
          <h2>{t('home.consumption')}</h2>
          <dl>
            <dt>{t('home.thisMonth')}</dt>
            <dd data-testid="usage-this-month">
              {thisMonth.data ? t('home.credits', { n: thisMonth.data.credits }) : '…'}
            </dd>
            <dt>{t('home.lastMonth')}</dt>
            <dd data-testid="usage-last-month">
              {lastMonth.data ? t('home.credits', { n: lastMonth.data.credits }) : '…'}
            </dd>
          </dl>
          {thisMonth.data && (
            <UsageChart byDay={thisMonth.data.byDay} from={ranges.thisMonth.from} to={ranges.thisMonth.to} />
          )}
        </div>
      </div>
    </section>
  );
}

function AlertCard({ credits }: { credits: number | undefined }) {
  const { t } = useI18n();
  const alert = useQuery({
    queryKey: ['balance-alert'],
    queryFn: () => call(api.GET('/api/v1/account/balance-alert')),
    retry: false,
  });
  const a = alert.data;
  const channels =
    a && a.threshold !== null ? [a.sms?.active ? 'SMS' : '', a.email?.active ? 'e-mail' : ''].filter(Boolean) : [];
  return (
    <div className="card">
      <h2>{t('home.alert')}</h2>
      {a ? (
        <>
          <p data-testid="alert-state">
            {channels.length
              ? t('home.alertOn', { threshold: a.threshold ?? 0, channels: channels.join(', ') })
              : t('home.alertOff')}
          </p>
          {channels.length > 0 && credits !== undefined && credits <= (a.threshold ?? 0) && (
            <p className="warning">{t('home.alertBelow')}</p>
          )}
        </>
      ) : (
        <p>{t('home.alertOff')}</p>
      )}
      <Link to="/balance-alert">{t('nav.alert')}</Link>
    </div>
  );
}
