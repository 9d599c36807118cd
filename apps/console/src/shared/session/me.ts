import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from '../api/client';
import { useSession } from './session';

export type Me = Schemas['MeView'];

/** Who is logged in (owner or a sub-account's manager); shared by the menu and the screens. */
export function useMe() {
  const tokens = useSession();
  return useQuery({
    queryKey: ['me', tokens?.accessToken ? 'in' : 'out'],
    queryFn: () => call(api.GET('/api/v1/me')),
    enabled: tokens !== null,
    staleTime: 60_000,
  });
}

export const isOwner = (me: Me | undefined): boolean => me?.role === 'owner';
