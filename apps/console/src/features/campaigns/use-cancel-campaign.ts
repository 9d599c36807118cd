import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../shared/api/client';
import { useI18n } from '../../shared/i18n/i18n';
import type { Campaign } from './campaign-state';

/** Asks first (credits move back), then DELETE /campaigns/{id}; refreshes lists and balance. */
export function useCancelCampaign(onDone: (error: unknown) => void) {
  const i18n = useI18n();
  const queryClient = useQueryClient();
  const cancel = useMutation({
    mutationFn: (c: Campaign) => call(api.DELETE('/api/v1/campaigns/{id}', { params: { path: { id: c.id } } })),
    onSuccess: () => {
      onDone(null);
      void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      void queryClient.invalidateQueries({ queryKey: ['campaign'] });
      void queryClient.invalidateQueries({ queryKey: ['balance'] });
      void queryClient.invalidateQueries({ queryKey: ['history'] });
    },
    onError: (err) => onDone(err),
  });
  const ask = (c: Campaign) => {
    const date = i18n.dateTime(c.submittedAt);
    if (window.confirm(i18n.t('camp.confirmCancel', { date, credits: c.creditsCharged }))) cancel.mutate(c);
  };
  return { ask, pending: cancel.isPending };
}
