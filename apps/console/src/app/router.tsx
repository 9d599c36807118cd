import { createBrowserRouter } from 'react-router';
import { ApiKeysPage } from '../features/api-keys/api-keys-page';
import { AuditLogPage } from '../features/audit/audit-page';
import { ForgotPasswordPage } from '../features/auth/forgot-password-page';
import { LoginPage } from '../features/auth/login-page';
import { ResetPasswordPage } from '../features/auth/reset-password-page';
import { SignupPage } from '../features/auth/signup-page';
import { AlertPage } from '../features/balance-alert/alert-page';
import { CampaignDetailPage } from '../features/campaigns/campaign-detail-page';
import { CampaignsPage } from '../features/campaigns/campaigns-page';
import { HistoryPage } from '../features/history/history-page';
import { HomePage } from '../features/home/home-page';
import { InvoicesPage } from '../features/invoices/invoices-page';
import { PlaceholderPage } from '../features/placeholder/placeholder-page';
import { ProfilePage } from '../features/profile/profile-page';
import { ReportsPage } from '../features/reports/reports-page';
import { SendPage } from '../features/send/send-page';
import { SenderPage } from '../features/sender/sender-page';
import { SubAccountEditPage } from '../features/sub-accounts/edit-page';
import { SubAccountsPage } from '../features/sub-accounts/sub-accounts-page';
import { TransactionsPage } from '../features/transactions/transactions-page';
import { Layout } from './layout';
import { RequireAuth } from './require-auth';

// Replies/opt-outs (#12) and webhooks (#15) are built on other branches: placeholders until then.
// `/password-reset` is the page the reset mail links to (notifications' PASSWORD_RESET_URL).
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/signup', element: <SignupPage /> },
  { path: '/forgot-password', element: <ForgotPasswordPage /> },
  { path: '/password-reset', element: <ResetPasswordPage /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <Layout />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'profile', element: <ProfilePage /> },
          { path: 'sender', element: <SenderPage /> },
          { path: 'balance-alert', element: <AlertPage /> },
          { path: 'sub-accounts', element: <SubAccountsPage /> },
          { path: 'sub-accounts/:id/history', element: <HistoryPage /> },
          { path: 'history', element: <HistoryPage /> },
          { path: 'transactions', element: <TransactionsPage /> },
          { path: 'invoices', element: <InvoicesPage /> },
          { path: 'send', element: <SendPage /> },
          { path: 'sub-accounts/:id/edit', element: <SubAccountEditPage /> },
          { path: 'campaigns', element: <CampaignsPage /> },
          { path: 'campaigns/:id', element: <CampaignDetailPage /> },
          { path: 'inbox', element: <PlaceholderPage title="nav.inbox" issue="#12" /> },
          { path: 'reports', element: <ReportsPage /> },
          { path: 'audit-log', element: <AuditLogPage /> },
          { path: 'api-keys', element: <ApiKeysPage /> },
          { path: 'webhooks', element: <PlaceholderPage title="nav.webhooks" issue="#15" /> },
          { path: '*', element: <PlaceholderPage title="app.none" /> },
        ],
      },
    ],
  },
]);
