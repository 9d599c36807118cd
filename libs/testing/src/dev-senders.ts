import { randomBytes } from 'node:crypto';

/**
 * SENDER_ALLOW_LIST of the test harnesses: the custom senders that specs written before sender
 * approval use (sms, history, reports, profile, audit, effective sender, the browser walk).
 * The senders spec uses names and numbers outside it, which go through the list and approval.
 */
export const TEST_SENDER_ALLOW_LIST = 'ACME,ROSSISRL,Rossi Srl,Milano,SHOP,FioriSR,+393331234567';

/** A development ADMIN_TOKEN (`dev-…`, refused by a gateway with NODE_ENV=production). */
export function devAdminToken(): string {
  return `dev-${randomBytes(32).toString('base64url')}`;
}
