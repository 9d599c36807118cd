import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, call, newIdempotencyKey, type Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { describe } from '../../shared/ui/problem';

type SubAccount = Schemas['SubAccountView'];

/** One sub-account with its actions; every action that moves credits or access asks first. */
export function SubAccountRow({ sub, onError }: { sub: SubAccount; onError: (message: string | null) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const amountId = useId();
  const [amount, setAmount] = useState('');
  const key = useRef(newIdempotencyKey());
  const done = () => {
    key.current = newIdempotencyKey();
    onError(null);
    void queryClient.invalidateQueries({ queryKey: ['sub-accounts'] });
    void queryClient.invalidateQueries({ queryKey: ['balance'] });
    void queryClient.invalidateQueries({ queryKey: ['transactions'] });
  };
  const fail = (err: unknown) => onError(describe(err, i18n));
  const path = { path: { id: sub.id } };
  const credit = useMutation({
    mutationFn: (credits: number) =>
      call(
        api.POST('/api/v1/sub-accounts/{id}/credit', {
          params: { ...path, header: { 'Idempotency-Key': key.current } },
          body: { credits },
        }),
      ),
    onSuccess: () => {
      setAmount('');
      done();
    },
    onError: fail,
  });
  const reset = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/sub-accounts/{id}/reset', {
          params: { ...path, header: { 'Idempotency-Key': key.current } },
        }),
      ),
    onSuccess: done,
    onError: fail,
  });
  const toggle = useMutation({
    mutationFn: () =>
      sub.active
        ? call(api.POST('/api/v1/sub-accounts/{id}/deactivate', { params: path }))
        : call(api.POST('/api/v1/sub-accounts/{id}/activate', { params: path })),
    onSuccess: done,
    onError: fail,
  });
  const ask = (text: string) => window.confirm(text);
  const n = Number(amount);
  return (
    <tr data-testid={`sub-${sub.name}`}>
      <td>{sub.name}</td>
      <td>
        {sub.manager.firstName} {sub.manager.lastName}
        <br />
        {sub.manager.email}
      </td>
      <td>{i18n.number(sub.smsSent)}</td>
      <td data-testid="sub-credits">{sub.unlimited ? t('sub.unlimitedShort') : i18n.number(sub.credits)}</td>
      <td data-testid="sub-this-month">{i18n.number(sub.creditsUsedThisMonth)}</td>
      <td>{sub.active ? t('sub.active') : t('sub.inactive')}</td>
      <td className="actions">
        {!sub.unlimited && (
          <form
            className="inline"
            onSubmit={(e) => {
              e.preventDefault();
              if (Number.isInteger(n) && n > 0 && ask(t('sub.confirmCredit', { n, name: sub.name }))) credit.mutate(n);
            }}
          >
            <label htmlFor={amountId}>{t('sub.creditAmount', { name: sub.name })}</label>
            <input
              id={amountId}
              type="number"
              min={1}
              step={1}
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
              size={6}
            />
            <button type="submit" disabled={credit.isPending}>
              {t('sub.credit')}
            </button>
          </form>
        )}
        {!sub.unlimited && (
          <button
            type="button"
            className="secondary"
            onClick={() => ask(t('sub.confirmReset', { name: sub.name })) && reset.mutate()}
          >
            {t('sub.reset')}
          </button>
        )}
        <button
          type="button"
          className="secondary"
          onClick={() =>
            ask(t(sub.active ? 'sub.confirmDeactivate' : 'sub.confirmActivate', { name: sub.name })) && toggle.mutate()
          }
        >
          {sub.active ? t('sub.deactivate') : t('sub.activate')}
        </button>
        <Link to={`/sub-accounts/${sub.id}/edit`} aria-label={`${t('sub.edit')} ${sub.name}`}>
          {t('sub.edit')}
        </Link>
        <Link to={`/sub-accounts/${sub.id}/history`} state={{ name: sub.name }}>
          {t('sub.history')}
        </Link>
      </td>
    </tr>
  );
}
