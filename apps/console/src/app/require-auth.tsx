import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../shared/session/session';

/** Screens behind login: without a session, to the login page, coming back here after. */
export function RequireAuth() {
  const tokens = useSession();
  const location = useLocation();
  if (!tokens) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return <Outlet />;
}
