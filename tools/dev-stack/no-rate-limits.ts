/**
 * The per-client and per-user limits of identity and the gateway out of the way, for tools whose
 * traffic comes from one client (the benchmarks, the chaos run): their load is the point.
 */
export const NO_RATE_LIMITS: Record<string, string> = {
  AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
  LOGIN_RATE_LIMIT_PER_EMAIL: '1000000',
  LOGIN_FREE_FAILURES: '1000000',
  LOGIN_FREE_FAILURES_PER_EMAIL: '1000000',
  PASSWORD_CHANGES_PER_HOUR: '1000000',
  SUB_ACCOUNT_CREATIONS_PER_HOUR: '1000000',
  CONTACT_CHANGES_PER_HOUR: '1000000',
  EMAIL_CONFLICTS_PER_HOUR: '1000000',
};
