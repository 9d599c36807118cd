import { QueryClient } from '@tanstack/react-query';
import { NetworkError } from '../shared/api/errors';

// Only a lost connection is worth retrying; a 4xx answer will not change by asking again.
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        retry: (count, err) => err instanceof NetworkError && count < 5,
        retryDelay: (n) => Math.min(500 * 2 ** n, 8_000),
      },
      mutations: { retry: (count, err) => err instanceof NetworkError && count < 2 },
    },
  });
}
