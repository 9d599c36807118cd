import { createBrowserRouter, type RouteObject } from 'react-router';
import { LoginPage } from '../features/auth/login-page';
import { HomePage } from '../features/home/home-page';
import { PlaceholderPage } from '../features/placeholder/placeholder-page';
import { Layout } from './layout';
import { RequireAuth } from './require-auth';

/**
 * A screen loaded on first visit (its own chunk): only login, the layout and home are in the
 * initial JavaScript, which the budget measures (tools/bench/console.bench.js). The router waits
 * for the chunk before it changes page, so focus and title move to a page that is there.
 */
function screen<M>(load: () => Promise<M>, pick: (m: M) => React.ComponentType): Pick<RouteObject, 'lazy'> {
  return { lazy: async () => ({ Component: pick(await load()) }) };
}

// `/password-reset` is the page the reset mail links to (notifications' PASSWORD_RESET_URL).
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/signup',
    ...screen(
      () => import('../features/auth/signup-page'),
      (m) => m.SignupPage,
    ),
  },
  {
    path: '/forgot-password',
    ...screen(
      () => import('../features/auth/forgot-password-page'),
      (m) => m.ForgotPasswordPage,
    ),
  },
  {
    path: '/password-reset',
    ...screen(
      () => import('../features/auth/reset-password-page'),
      (m) => m.ResetPasswordPage,
    ),
  },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <Layout />,
        children: [
          { index: true, element: <HomePage /> },
          {
            path: 'profile',
            ...screen(
              () => import('../features/profile/profile-page'),
              (m) => m.ProfilePage,
            ),
          },
          {
            path: 'sender',
            ...screen(
              () => import('../features/sender/sender-page'),
              (m) => m.SenderPage,
            ),
          },
          {
            path: 'balance-alert',
            ...screen(
              () => import('../features/balance-alert/alert-page'),
              (m) => m.AlertPage,
            ),
          },
          {
            path: 'sub-accounts',
            ...screen(
              () => import('../features/sub-accounts/sub-accounts-page'),
              (m) => m.SubAccountsPage,
            ),
          },
          {
            path: 'sub-accounts/:id/edit',
            ...screen(
              () => import('../features/sub-accounts/edit-page'),
              (m) => m.SubAccountEditPage,
            ),
          },
          {
            path: 'sub-accounts/:id/history',
            ...screen(
              () => import('../features/history/history-page'),
              (m) => m.HistoryPage,
            ),
          },
          {
            path: 'history',
            ...screen(
              () => import('../features/history/history-page'),
              (m) => m.HistoryPage,
            ),
          },
          {
            path: 'transactions',
            ...screen(
              () => import('../features/transactions/transactions-page'),
              (m) => m.TransactionsPage,
            ),
          },
          {
            path: 'invoices',
            ...screen(
              () => import('../features/invoices/invoices-page'),
              (m) => m.InvoicesPage,
            ),
          },
          {
            path: 'send',
            ...screen(
              () => import('../features/send/send-page'),
              (m) => m.SendPage,
            ),
          },
          {
            path: 'campaigns',
            ...screen(
              () => import('../features/campaigns/campaigns-page'),
              (m) => m.CampaignsPage,
            ),
          },
          {
            path: 'campaigns/:id',
            ...screen(
              () => import('../features/campaigns/campaign-detail-page'),
              (m) => m.CampaignDetailPage,
            ),
          },
          {
            path: 'inbox',
            ...screen(
              () => import('../features/inbox/inbox-page'),
              (m) => m.InboxPage,
            ),
          },
          {
            path: 'reports',
            ...screen(
              () => import('../features/reports/reports-page'),
              (m) => m.ReportsPage,
            ),
          },
          {
            path: 'audit-log',
            ...screen(
              () => import('../features/audit/audit-page'),
              (m) => m.AuditLogPage,
            ),
          },
          {
            path: 'api-keys',
            ...screen(
              () => import('../features/api-keys/api-keys-page'),
              (m) => m.ApiKeysPage,
            ),
          },
          {
            path: 'webhooks',
            ...screen(
              () => import('../features/webhooks/webhooks-page'),
              (m) => m.WebhooksPage,
            ),
          },
          {
            path: 'webhooks/:id/deliveries',
            ...screen(
              () => import('../features/webhooks/deliveries-page'),
              (m) => m.WebhookDeliveriesPage,
            ),
          },
          { path: '*', element: <PlaceholderPage title="app.none" /> },
        ],
      },
    ],
  },
]);
