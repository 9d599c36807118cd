import { createBrowserRouter } from 'react-router';
import { LoginPage } from '../features/auth/login-page';
import { SignupPage } from '../features/auth/signup-page';
import { AlertPage } from '../features/balance-alert/alert-page';
import { HistoryPage } from '../features/history/history-page';
import { HomePage } from '../features/home/home-page';
import { InvoicesPage } from '../features/invoices/invoices-page';
import { PlaceholderPage } from '../features/placeholder/placeholder-page';
import { ProfilePage } from '../features/profile/profile-page';
import { SendPage } from '../features/send/send-page';
import { SenderPage } from '../features/sender/sender-page';
import { SubAccountsPage } from '../features/sub-accounts/sub-accounts-page';
import { TransactionsPage } from '../features/transactions/transactions-page';
import { Layout } from './layout';
import { RequireAuth } from './require-auth';

// Screens whose API is being built on other branches wait behind a placeholder.
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/signup', element: <SignupPage /> },
  { path: '/forgot-password', element: <PlaceholderPage title="auth.forgot" /> },
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
          { path: 'campaigns', element: <PlaceholderPage title="nav.campaigns" /> },
          { path: 'inbox', element: <PlaceholderPage title="nav.inbox" /> },
          { path: 'reports', element: <PlaceholderPage title="nav.reports" /> },
          { path: 'audit-log', element: <PlaceholderPage title="nav.audit" /> },
          { path: '*', element: <PlaceholderPage title="app.none" /> },
        ],
      },
    ],
  },
]);
