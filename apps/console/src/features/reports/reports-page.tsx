import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useSearchParams } from 'react-router';
import { api, call, saveBlob, type Schemas } from '../../shared/api/client';
import { useI18n, type I18n } from '../../shared/i18n/i18n';
import { isOwner, useMe } from '../../shared/session/me';
import { SelectField, TextField } from '../../shared/ui/fields';
import { describe, FormMessage, QueryState } from '../../shared/ui/problem';
import { SubAccountSelect } from '../../shared/ui/sub-account-select';
import { periodLabel, presetRange, PRESETS, rateText, validPeriod, type Preset } from './period';

type GroupBy = 'day' | 'month' | 'subAccount';
type Group = Schemas['SummaryGroup'];
interface Filters {
  from: string;
  to: string;
  groupBy: GroupBy;
  subAccountId: string;
}
const LOCALES = { it: 'it-IT', en: 'en-GB' } as const;

function readFilters(params: URLSearchParams, now: Date): Filters {
  const preset = presetRange('thisMonth', now);
  const groupBy = params.get('groupBy');
  return {
    from: params.get('from') ?? preset.from,
    to: params.get('to') ?? preset.to,
    groupBy: groupBy === 'month' || groupBy === 'subAccount' ? groupBy : 'day',
    subAccountId: params.get('subAccountId') ?? '',
  };
}

function query(f: Filters) {
  return {
    from: f.from,
    to: f.to,
    groupBy: f.groupBy,
    ...(f.subAccountId && f.groupBy !== 'subAccount' ? { subAccountId: f.subAccountId } : {}),
  };
}

/** The usage summary of a period (from the reporting rollups) and its Excel workbook. */
export function ReportsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe();
  const owner = isOwner(me.data);
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params, new Date());
  const form = useForm<Filters>({ values: filters });
  const [error, setError] = useState<string | null>(null);
  const ok = validPeriod(filters);

  const summary = useQuery({
    queryKey: ['reports', filters],
    queryFn: () => call(api.GET('/api/v1/reports/summary', { params: { query: query(filters) } })),
    enabled: ok,
  });
  const subs = useQuery({
    queryKey: ['sub-accounts', 'options'],
    queryFn: () => call(api.GET('/api/v1/sub-accounts', { params: { query: { limit: 100 } } })),
    enabled: owner && filters.groupBy === 'subAccount',
    staleTime: 30_000,
  });
  const names = new Map((subs.data?.items ?? []).map((s) => [s.id, s.name]));

  const apply = (f: Filters) => {
    if (!validPeriod(f)) return form.setError('to', { type: 'period', message: t('rep.badPeriod') });
    setError(null);
    setParams(Object.fromEntries(Object.entries(f).filter(([, v]) => v !== '')), { replace: true });
  };
  const choosePreset = (p: Preset) => apply({ ...form.getValues(), ...presetRange(p, new Date()) });
  const download = async () => {
    setError(null);
    await saveBlob(
      api.GET('/api/v1/reports/summary.xlsx', { params: { query: query(filters) }, parseAs: 'blob' }),
      `report-${filters.from}-${filters.to}.xlsx`,
    ).catch((err: unknown) => setError(describe(err, i18n)));
  };
  const keyText = (g: Group): string => {
    if (filters.groupBy !== 'subAccount') return g.key ? periodLabel(g.key, filters.groupBy, LOCALES[i18n.lang]) : '';
    return g.key === null ? t('rep.own') : (names.get(g.key) ?? g.key);
  };

  return (
    <section>
      <h1>{t('rep.title')}</h1>
      <div className="inline" role="group" aria-label={t('app.period')}>
        {PRESETS.map((p) => (
          <button key={p} type="button" className="secondary" onClick={() => choosePreset(p)}>
            {t(`rep.preset.${p}`)}
          </button>
        ))}
      </div>
      <form className="inline" onSubmit={(e) => void form.handleSubmit(apply)(e)} aria-label={t('rep.show')} noValidate>
        <TextField
          label={t('rep.from')}
          type="date"
          required
          {...form.register('from', { required: t('error.required') })}
        />
        <TextField
          label={t('rep.to')}
          type="date"
          required
          error={form.formState.errors.to?.message}
          {...form.register('to', { required: t('error.required') })}
        />
        <SelectField label={t('rep.groupBy')} {...form.register('groupBy')}>
          <option value="day">{t('rep.group.day')}</option>
          <option value="month">{t('rep.group.month')}</option>
          {owner && <option value="subAccount">{t('rep.group.subAccount')}</option>}
        </SelectField>
        {owner && <SubAccountSelect label={t('audit.subAccount')} {...form.register('subAccountId')} />}
        <button type="submit">{t('rep.show')}</button>
      </form>
      <p>
        <button type="button" onClick={() => void download()} disabled={!ok}>
          {t('rep.excel')}
        </button>
      </p>
      <FormMessage error={error} />
      {!ok ? (
        <p className="message message-error" role="alert">
          {t('rep.badPeriod')}
        </p>
      ) : !summary.data ? (
        <QueryState error={summary.error} retry={() => void summary.refetch()} />
      ) : (
        <SummaryTable summary={summary.data} keyText={keyText} i18n={i18n} />
      )}
    </section>
  );
}

function SummaryTable({
  summary,
  keyText,
  i18n,
}: {
  summary: Schemas['UsageSummary'];
  keyText: (g: Group) => string;
  i18n: I18n;
}) {
  const { t } = i18n;
  const row = (g: Group, label: string, header = false) => (
    <>
      {header ? <th scope="row">{label}</th> : <td>{label}</td>}
      <td>{i18n.number(g.messages)}</td>
      <td>{i18n.number(g.segments)}</td>
      <td>{i18n.number(g.creditsCharged)}</td>
      <td>{i18n.number(g.creditsRefunded)}</td>
      <td>{i18n.number(g.netCredits)}</td>
      <td>{rateText(g.deliveryRate, LOCALES[i18n.lang])}</td>
    </>
  );
  return (
    <table data-testid="report">
      <caption>
        {t('rep.summary', { from: i18n.date(`${summary.from}T12:00:00Z`), to: i18n.date(`${summary.to}T12:00:00Z`) })}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('rep.key')}</th>
          <th scope="col">{t('rep.messages')}</th>
          <th scope="col">{t('rep.segments')}</th>
          <th scope="col">{t('rep.charged')}</th>
          <th scope="col">{t('rep.refunded')}</th>
          <th scope="col">{t('rep.net')}</th>
          <th scope="col">{t('rep.rate')}</th>
        </tr>
      </thead>
      <tbody>
        {summary.items.length === 0 ? (
          <tr>
            <td colSpan={7}>{t('app.none')}</td>
          </tr>
        ) : (
          summary.items.map((g) => <tr key={g.key ?? 'own'}>{row(g, keyText(g))}</tr>)
        )}
      </tbody>
      <tfoot>
        <tr data-testid="report-total">{row(summary.total, t('rep.total'), true)}</tr>
      </tfoot>
    </table>
  );
}
