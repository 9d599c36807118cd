import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { api, call, newIdempotencyKey } from '../../shared/api/client';
import { ApiError } from '../../shared/api/errors';
import { useI18n } from '../../shared/i18n/i18n';
import { TextField } from '../../shared/ui/fields';
import { applyProblem, FormMessage } from '../../shared/ui/problem';

/** The price tiers and the purchase: an unpaid invoice that credits the wallet once paid. */
export function BuyForm() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const key = useRef(newIdempotencyKey());
  const [message, setMessage] = useState<{ error?: string | null; ok?: string }>({});
  const pricing = useQuery({
    queryKey: ['pricing'],
    queryFn: () => call(api.GET('/api/v1/pricing')),
    staleTime: 300_000,
  });
  const { register, handleSubmit, setError, formState } = useForm<{ smsCount: string }>();

  const buy = useMutation({
    mutationFn: (smsCount: number) =>
      call(
        api.POST('/api/v1/purchases', { params: { header: { 'Idempotency-Key': key.current } }, body: { smsCount } }),
      ),
    onSuccess: (invoice) => {
      key.current = newIdempotencyKey();
      setMessage({ ok: t('inv.ordered', { number: invoice.number }) });
      void queryClient.invalidateQueries({ queryKey: ['invoices'] });
    },
    onError: (err) => {
      // 422 here means the buyer is not invoiceable yet: say what to do.
      const billing =
        err instanceof ApiError &&
        err.status === 422 &&
        /billing/i.test(`${err.problem.code ?? ''} ${err.problem.detail ?? ''}`);
      setMessage({ error: billing ? t('inv.billingFirst') : applyProblem(err, setError, ['smsCount'], i18n) });
    },
  });
  const p = pricing.data;
  return (
    <>
      {p && (
        <>
          <h2>{t('inv.tiers')}</h2>
          <ul data-testid="tiers">
            {p.tiers.map((tier) => (
              <li key={tier.minSms}>
                {t('inv.tier', {
                  min: tier.minSms,
                  max: tier.maxSms ?? p.maxSmsPerPurchase,
                  price: new Intl.NumberFormat(i18n.lang === 'it' ? 'it-IT' : 'en-GB', {
                    style: 'currency',
                    currency: p.currency,
                    maximumFractionDigits: 3,
                  }).format(tier.unitPriceTenthsOfCent / 1000),
                })}
              </li>
            ))}
          </ul>
        </>
      )}
      <form
        onSubmit={(ev) =>
          void handleSubmit((f) => {
            const n = Number(f.smsCount);
            if (window.confirm(t('inv.confirmOrder', { n }))) buy.mutate(n);
          })(ev)
        }
        noValidate
        aria-labelledby="buy-title"
      >
        <h2 id="buy-title">{t('inv.buy')}</h2>
        <TextField
          label={t('inv.smsCount')}
          type="number"
          min={1}
          step={1}
          error={formState.errors.smsCount?.message}
          {...register('smsCount', { required: t('error.required') })}
        />
        <FormMessage error={message.error} success={message.ok} />
        <button type="submit" disabled={buy.isPending}>
          {t('inv.order')}
        </button>
      </form>
    </>
  );
}
