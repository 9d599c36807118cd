import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useState } from 'react';
import { api, call, type Schemas } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import { TextField } from '../../shared/ui/fields';
import { applyProblem, describe, FormMessage } from '../../shared/ui/problem';
import { PagedTable } from '../../shared/ui/paged-table';

type OptOut = Schemas['OptOutView'];

/** The numbers that receive no more messages (of the account, or of the owner's chosen sub-account): add, remove. */
export function OptOutsSection({ subAccountId }: { subAccountId: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ error?: string | null; ok?: string }>({});
  const sub = subAccountId || undefined;
  const form = useForm<{ phone: string }>({ defaultValues: { phone: '' } });
  const list = useInfiniteQuery({
    queryKey: ['opt-outs', subAccountId],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/account/opt-outs', {
          params: { query: { subAccountId: sub, limit: 100, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['opt-outs'] });
  const add = useMutation({
    mutationFn: (phone: string) =>
      call(api.POST('/api/v1/account/opt-outs', { params: { query: { subAccountId: sub } }, body: { phone } })),
    onSuccess: (o) => {
      setMessage({ ok: t('optout.added', { phone: o.phone }) });
      form.reset({ phone: '' });
      refresh();
    },
    onError: (err) => setMessage({ error: applyProblem(err, form.setError, ['phone'], i18n) }),
  });
  const remove = useMutation({
    mutationFn: (o: OptOut) =>
      call(api.DELETE('/api/v1/account/opt-outs', { params: { query: { subAccountId: sub, phone: o.phone } } })),
    onSuccess: (_, o) => {
      setMessage({ ok: t('optout.removed', { phone: o.phone }) });
      refresh();
    },
    onError: (err) => setMessage({ error: describe(err, i18n) }),
  });

  return (
    <>
      <h2>{t('optout.title')}</h2>
      <p>{t('optout.help')}</p>
      <form
        noValidate
        onSubmit={(ev) =>
          void form.handleSubmit((v) => {
            setMessage({});
            add.mutate(v.phone.trim());
          })(ev)
        }
      >
        <TextField
          label={t('optout.phone')}
          type="tel"
          autoComplete="off"
          required
          error={form.formState.errors.phone?.message}
          {...form.register('phone', { required: t('error.required') })}
        />
        <button type="submit" disabled={add.isPending}>
          {t('optout.add')}
        </button>
      </form>
      <FormMessage error={message.error} success={message.ok} />
      <PagedTable
        list={list}
        testId="opt-outs"
        empty={<p>{t('optout.empty')}</p>}
        head={
          <tr>
            <th scope="col">{t('optout.phone')}</th>
            <th scope="col">{t('optout.source')}</th>
            <th scope="col">{t('optout.createdAt')}</th>
            <th scope="col">{t('sub.actions')}</th>
          </tr>
        }
        row={(o) => (
          <tr key={o.id} data-testid={`opt-out-${o.phone}`}>
            <td>{o.phone}</td>
            <td>{t(o.source === 'stop' ? 'optout.source.stop' : 'optout.source.manual')}</td>
            <td>{i18n.dateTime(o.createdAt)}</td>
            <td className="actions">
              <button
                type="button"
                className="secondary"
                aria-label={t('optout.removeOf', { phone: o.phone })}
                disabled={remove.isPending}
                onClick={() => window.confirm(t('optout.confirmRemove', { phone: o.phone })) && remove.mutate(o)}
              >
                {t('optout.remove')}
              </button>
            </td>
          </tr>
        )}
      />
    </>
  );
}
