import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { I18nProvider, type Lang } from '../shared/i18n/i18n';
import { session } from '../shared/session/session';
import { answer, json } from './fake-api';

export const OWNER_ME = {
  userId: '11111111-1111-4111-8111-111111111111',
  accountId: '22222222-2222-4222-8222-222222222222',
  role: 'owner',
  email: 'anna@example.com',
  firstName: 'Anna',
  lastName: 'Rossi',
  parentAccountId: null,
};

/** A screen at `url` (matched by `path`), logged in as the owner unless `me` says otherwise. */
export function renderScreen(
  element: ReactNode,
  {
    path = '/',
    url = path,
    lang = 'it',
    me = OWNER_ME,
    subAccounts = [],
  }: { path?: string; url?: string; lang?: Lang; me?: object | null; subAccounts?: object[] } = {},
) {
  if (me) {
    session.set({ accessToken: 'access', refreshToken: 'refresh' });
    answer('GET /api/v1/me', json(200, me));
    answer('GET /api/v1/sub-accounts', json(200, { items: subAccounts, nextCursor: null }));
  }
  const router = createMemoryRouter([{ path, element }], { initialEntries: [url] });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const result = render(
    <QueryClientProvider client={client}>
      <I18nProvider initial={lang}>
        <RouterProvider router={router} />
      </I18nProvider>
    </QueryClientProvider>,
  );
  return { ...result, router };
}
