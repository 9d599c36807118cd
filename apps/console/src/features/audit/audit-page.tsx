import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useSearchParams } from 'react-router';
import { api, call, type Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { isOwner, useMe } from '../../shared/session/me';
import { SelectField, TextField } from '../../shared/ui/fields';
import { describe } from '../../shared/ui/problem';
import { SubAccountSelect } from '../../shared/ui/sub-account-select';
import { ACTIONS, actionLabel, changesText, type AuditAction } from './audit-labels';
import { PagedTable } from '../../shared/ui/paged-table';

const FILTERS = ['from', 'to', 'action', 'actor', 'subAccountId'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const EMPTY: Filters = { from: '', to: '', action: '', actor: '', subAccountId: '' };

/** Who did what on the account, newest first, with filters; the owner can verify the hash chain. */
export function AuditLogPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe();
  const owner = isOwner(me.data);
  const [params, setParams] = useSearchParams();
  const filters: Filters = { ...EMPTY, ...Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) };
  const form = useForm<Filters>({ values: filters });
  const list = useInfiniteQuery({
    queryKey: ['audit-log', filters],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/audit-log', {
          params: {
            query: {
              from: filters.from || undefined,
              to: filters.to || undefined,
              action: (filters.action || undefined) as AuditAction | undefined,
              actor: filters.actor.trim() || undefined,
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
  const verify = useMutation({ mutationFn: () => call(api.GET('/api/v1/audit-log/verify')) });
  const apply = (f: Filters) =>
    setParams(Object.fromEntries(Object.entries(f).filter(([, v]) => v.trim() !== '')), { replace: true });
  const actor = (e: Schemas['AuditEntryView']) =>
    e.actor.userId === me.data?.userId
      ? t('audit.you')
      : `${t(e.actor.role === 'owner' ? 'audit.role.owner' : 'audit.role.manager')} ${e.actor.userId.slice(0, 8)}`;

  return (
    <section>
      <h1>{t('audit.title')}</h1>
      {owner && (
        <div className="verify">
          <button type="button" onClick={() => verify.mutate()} disabled={verify.isPending}>
            {t('audit.verify')}
          </button>
          {verify.isPending && <p aria-busy="true">{t('app.loading')}</p>}
          {verify.error && (
            <p className="message message-error" role="alert">
              {describe(verify.error, i18n)}
            </p>
          )}
          {verify.data && (
            <p
              className={`message ${verify.data.intact ? 'message-ok' : 'message-error'}`}
              role={verify.data.intact ? 'status' : 'alert'}
              data-testid="audit-verify"
            >
              {verify.data.intact
                ? t('audit.intact', { entries: verify.data.entries })
                : t('audit.broken', { id: verify.data.brokenAt ?? '?', entries: verify.data.entries })}
            </p>
          )}
        </div>
      )}
      <form className="inline" onSubmit={(e) => void form.handleSubmit(apply)(e)} aria-label={t('history.filter')}>
        <TextField label={t('history.from')} type="date" {...form.register('from')} />
        <TextField label={t('history.to')} type="date" {...form.register('to')} />
        <SelectField label={t('audit.action')} {...form.register('action')}>
          <option value="">{t('audit.anyAction')}</option>
          {ACTIONS.map((a) => (
            <option key={a} value={a}>
              {actionLabel(a, i18n.lang)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('audit.actorId')} {...form.register('actor')} />
        {owner && <SubAccountSelect label={t('audit.subAccount')} {...form.register('subAccountId')} />}
        <button type="submit">{t('history.filter')}</button>
        <button type="button" className="secondary" onClick={() => apply(EMPTY)}>
          {t('history.clear')}
        </button>
      </form>
      <PagedTable
        list={list}
        testId="audit-log"
        head={
          <tr>
            <th scope="col">{t('audit.at')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('audit.target')}</th>
            <th scope="col">{t('audit.changes')}</th>
            <th scope="col">{t('audit.ip')}</th>
          </tr>
        }
        row={(e) => (
          <tr key={e.id}>
            <td>{i18n.dateTime(e.at)}</td>
            <td>{actor(e)}</td>
            <td>{actionLabel(e.action, i18n.lang)}</td>
            <td>
              {e.target.type} {e.target.id.slice(0, 8)}
            </td>
            <td>{changesText(e.changes)}</td>
            <td>{e.ip}</td>
          </tr>
        )}
      />
    </section>
  );
}
