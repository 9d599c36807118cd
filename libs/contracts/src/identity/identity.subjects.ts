import { defineSubjects } from '../common/subjects';

export const IdentitySubjects = defineSubjects('identity', {
  signup: 'account.signup.v1',
  login: 'auth.login.v1',
  refresh: 'auth.refresh.v1',
  logout: 'auth.logout.v1',
  me: 'user.me.v1',
  getBilling: 'account.billing.get.v1',
  updateBilling: 'account.billing.update.v1',
  getContact: 'account.contact.get.v1',
  updateContact: 'account.contact.update.v1',
  changePassword: 'user.password.change.v1',
  getSender: 'account.sender.get.v1',
  updateSender: 'account.sender.update.v1',
  /** Sub-account managers, driven by the wallet (see manager.payloads.ts). */
  createManager: 'subaccount.manager.create.v1',
  updateManager: 'subaccount.manager.update.v1',
  setManagerActive: 'subaccount.manager.active.set.v1',
  deleteManager: 'subaccount.manager.delete.v1',
  /** Gateway start-up: sessions revoked by deactivation whose access tokens may still be alive. */
  listRevokedSessions: 'session.revoked.list.v1',
  /** Core-NATS broadcast (no reply, every gateway receives it): RevokedSessionsList. */
  sessionsRevoked: 'session.revoked.v1',
  /** Service-to-service: GetAccountSummaryQuery → AccountSummary (name, language) for platform messages. */
  getAccountSummary: 'account.summary.get.v1',
  /** Gateway: the public keys that verify access tokens ({} → Jwks, jwks.payloads.ts). */
  jwks: 'auth.jwks.v1',
});
