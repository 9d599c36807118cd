import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../shared/api/client';
import { dayIn, type DayRange } from '../../shared/format/days';

// Messages whose credits stay spent; failed, expired, cancelled and blocked ones are refunded or free.
const CHARGED = new Set(['queued', 'sent', 'delivered']);
const MAX_PAGES = 20;

/** Credits spent in a period, in all and per day: the segments of its charged messages, read from the history. */
export function useUsage(range: DayRange) {
  return useQuery({
    queryKey: ['usage', range.from, range.to],
    queryFn: async () => {
      let credits = 0;
      const byDay: Record<string, number> = {};
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const res = await call(
          api.GET('/api/v1/history', { params: { query: { from: range.from, to: range.to, limit: 500, cursor } } }),
        );
        for (const m of res.items) {
          if (!CHARGED.has(m.status)) continue;
          credits += m.segments;
          const day = dayIn(new Date(m.submittedAt));
          byDay[day] = (byDay[day] ?? 0) + m.segments;
        }
        if (!res.nextCursor) return { credits, byDay, complete: true };
        cursor = res.nextCursor;
      }
      return { credits, byDay, complete: false };
    },
    staleTime: 60_000,
  });
}
