import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call, saveBlob, type Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { describe, FormMessage } from '../../shared/ui/problem';
import { BuyForm } from './buy-form';
import { PagedTable } from '../../shared/ui/paged-table';

type Invoice = Schemas['InvoiceView'];

export function InvoicesPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const list = useInfiniteQuery({
    queryKey: ['invoices'],
    queryFn: ({ pageParam }) =>
      call(api.GET('/api/v1/invoices', { params: { query: { limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  // One key per invoice: paying twice (double click, retry) credits the wallet once anyway.
  const pay = useMutation({
    mutationFn: (inv: Invoice) =>
      call(
        api.POST('/api/v1/invoices/{id}/pay', {
          params: { path: { id: inv.id }, header: { 'Idempotency-Key': `pay-${inv.id}` } },
        }),
      ),
    onSuccess: () => {
      setError(null);
      void queryClient.invalidateQueries({ queryKey: ['invoices'] });
      void queryClient.invalidateQueries({ queryKey: ['balance'] });
    },
    onError: (err) => setError(describe(err, i18n)),
  });
  const pdf = (inv: Invoice) =>
    saveBlob(
      api.GET('/api/v1/invoices/{id}/pdf', { params: { path: { id: inv.id } }, parseAs: 'blob' }),
      `${inv.number}.pdf`,
    ).catch((err: unknown) => setError(describe(err, i18n)));

  return (
    <section>
      <h1>{t('nav.invoices')}</h1>
      <BuyForm />
      <h2>{t('inv.list')}</h2>
      <FormMessage error={error} />
      <PagedTable
        list={list}
        testId="invoices"
        head={
          <tr>
            <th scope="col">{t('inv.number')}</th>
            <th scope="col">{t('inv.issuedAt')}</th>
            <th scope="col">{t('inv.sms')}</th>
            <th scope="col">{t('inv.total')}</th>
            <th scope="col">{t('inv.status')}</th>
            <th scope="col">{t('sub.actions')}</th>
          </tr>
        }
        row={(inv) => (
          <tr key={inv.id} data-testid={`invoice-${inv.number}`}>
            <td>{inv.number}</td>
            <td>{i18n.date(inv.issuedAt)}</td>
            <td>{i18n.number(inv.smsCount)}</td>
            <td>{i18n.money(inv.total, inv.currency)}</td>
            <td>{inv.status === 'paid' ? t('inv.paid') : t('inv.unpaid')}</td>
            <td className="actions">
              <button
                type="button"
                className="secondary"
                aria-label={t('inv.pdfOf', { number: inv.number })}
                onClick={() => void pdf(inv)}
              >
                {t('inv.pdf')}
              </button>
              {inv.status !== 'paid' && (
                <button
                  type="button"
                  aria-label={t('inv.payOf', { number: inv.number })}
                  disabled={pay.isPending}
                  onClick={() =>
                    window.confirm(
                      t('inv.confirmPay', { number: inv.number, total: i18n.money(inv.total, inv.currency) }),
                    ) && pay.mutate(inv)
                  }
                >
                  {t('inv.pay')}
                </button>
              )}
            </td>
          </tr>
        )}
      />
    </section>
  );
}
