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
  /** POST /auth/password-reset: PasswordResetRequestBody → void (always, known address or not). */
  requestPasswordReset: 'user.password.reset.request.v1',
  /** POST /auth/password-reset/confirm: PasswordResetConfirmBody → void; 400 invalid-reset-token. */
  confirmPasswordReset: 'user.password.reset.confirm.v1',
  /** PUT /sub-accounts/{id}/manager-password: SetManagerPasswordCommand → void. */
  setManagerPassword: 'subaccount.manager.password.set.v1',
  /** Scoped API keys (see api-key.payloads.ts). */
  createApiKey: 'apikey.create.v1',
  listApiKeys: 'apikey.list.v1',
  revokeApiKey: 'apikey.revoke.v1',
  resolveApiKey: 'apikey.resolve.v1',
  recordApiKeyUsage: 'apikey.usage.record.v1',
  /** Core-NATS broadcast (no reply, every gateway receives it): ApiKeysRevoked. */
  apiKeysRevoked: 'apikey.revoked.v1',
  /** Gateway: the public keys that verify access tokens ({} → Jwks, jwks.payloads.ts). */
  jwks: 'auth.jwks.v1',
});
