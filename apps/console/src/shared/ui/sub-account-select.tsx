import { useQuery } from '@tanstack/react-query';
import type { Ref, SelectHTMLAttributes } from 'react';
import { api, call } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { SelectField } from './fields';

/** The owner's sub-accounts as a filter or a binding (first 100, by name); empty value: none. */
export function SubAccountSelect({
  label,
  emptyLabel,
  error,
  ref,
  ...select
}: {
  label: string;
  emptyLabel?: string;
  error?: string;
  ref?: Ref<HTMLSelectElement>;
} & SelectHTMLAttributes<HTMLSelectElement>) {
  const { t } = useI18n();
  const subs = useQuery({
    queryKey: ['sub-accounts', 'options'],
    queryFn: () => call(api.GET('/api/v1/sub-accounts', { params: { query: { limit: 100 } } })),
    staleTime: 30_000,
  });
  const items = [...(subs.data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <SelectField label={label} error={error} ref={ref} {...select}>
      <option value="">{emptyLabel ?? t('audit.anySub')}</option>
      {items.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </SelectField>
  );
}
