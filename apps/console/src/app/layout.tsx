import { useQueryClient } from '@tanstack/react-query';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { api } from '../shared/api/client';
import { useI18n, type Lang } from '../shared/i18n/i18n';
import type { MessageKey } from '../shared/i18n/it';
import { isOwner, useMe } from '../shared/session/me';
import { session } from '../shared/session/session';
import { useAccountLanguage } from './account-language';
import { useFocusOnNavigate } from './focus-on-navigate';
import { OnlineBanner } from './online-banner';

interface Link {
  to: string;
  label: MessageKey;
}

const OWNER_MENU: Link[] = [
  { to: '/', label: 'nav.home' },
  { to: '/profile', label: 'nav.profile' },
  { to: '/sender', label: 'nav.sender' },
  { to: '/balance-alert', label: 'nav.alert' },
  { to: '/sub-accounts', label: 'nav.subAccounts' },
  { to: '/transactions', label: 'nav.transactions' },
  { to: '/invoices', label: 'nav.invoices' },
  { to: '/send', label: 'nav.send' },
  { to: '/history', label: 'nav.history' },
  { to: '/campaigns', label: 'nav.campaigns' },
  { to: '/inbox', label: 'nav.inbox' },
  { to: '/reports', label: 'nav.reports' },
  { to: '/audit-log', label: 'nav.audit' },
  { to: '/api-keys', label: 'nav.apiKeys' },
  { to: '/webhooks', label: 'nav.webhooks' },
];

// A sub-account's manager acts on its own sub-account only: no billing, no sub-accounts; its
// campaigns, reports, audit entries and API keys are those of its sub-account.
const MANAGER_MENU: Link[] = [
  { to: '/', label: 'nav.home' },
  { to: '/send', label: 'nav.send' },
  { to: '/history', label: 'nav.history' },
  { to: '/transactions', label: 'nav.transactions' },
  { to: '/campaigns', label: 'nav.campaigns' },
  { to: '/reports', label: 'nav.reports' },
  { to: '/audit-log', label: 'nav.audit' },
  { to: '/api-keys', label: 'nav.apiKeys' },
];

export function Layout() {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useAccountLanguage();
  useFocusOnNavigate(t('app.title'));
  const menu = me.data ? (isOwner(me.data) ? OWNER_MENU : MANAGER_MENU) : [];

  const logout = async () => {
    const tokens = session.get();
    // End the session before revoking it: requests still in flight must not take the
    // revocation's 401 for an expiry.
    session.clear('logout');
    queryClient.clear();
    await navigate('/login');
    if (tokens) {
      const headers = { authorization: `Bearer ${tokens.accessToken}` };
      await api
        .POST('/api/v1/auth/logout', { body: { refreshToken: tokens.refreshToken }, headers })
        .catch(() => undefined);
    }
  };

  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <p className="brand">{t('app.title')}</p>
        {me.data && (
          <p className="who" data-testid="who">
            {me.data.firstName} {me.data.lastName} · {me.data.email}
          </p>
        )}
        <label className="lang">
          {t('app.language')}{' '}
          <select value={i18n.lang} onChange={(e) => i18n.setLang(e.target.value as Lang)}>
            <option value="it">Italiano</option>
            <option value="en">English</option>
          </select>
        </label>
        <button type="button" onClick={() => void logout()}>
          {t('app.logout')}
        </button>
      </header>
      <OnlineBanner />
      <nav aria-label={t('nav.main')} className="menu">
        <ul>
          {menu.map((l) => (
            <li key={l.to}>
              <NavLink to={l.to} end={l.to === '/'}>
                {t(l.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
