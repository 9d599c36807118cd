import { Navigate, Outlet, useLocation } from 'react-router';
import { session, useSession } from '../shared/session/session';

/** Screens behind login: without a session, to the login page, coming back here after. */
export function RequireAuth() {
  const tokens = useSession();
  const location = useLocation();
  if (!tokens && session.endedBy() === 'logout') return <Navigate to="/login" replace />;
  if (!tokens) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return <Outlet />;
}
