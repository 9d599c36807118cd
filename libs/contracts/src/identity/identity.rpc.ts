import { ActorEnvelope } from '../common/actor';
import { NoPayload, rpc, type } from '../common/rpc';
import { AccountSummary, GetAccountSummaryQuery } from './account-summary.payloads';
import {
  ApiKeyPage,
  CreateApiKeyCommand,
  CreatedApiKey,
  ListApiKeysQuery,
  RecordApiKeyUsageCommand,
  ResolveApiKeyQuery,
  ResolveApiKeyResult,
  RevokeApiKeyCommand,
} from './api-key.payloads';
import { LoginBody, LogoutCommand, MeView, RefreshBody, SignupBody, SignupResult, TokenPair } from './auth.payloads';
import { Jwks } from './jwks.payloads';
import {
  CreateManagerCommand,
  DeleteManagerCommand,
  DeleteManagerResult,
  ManagerResult,
  RevokedSessionsList,
  SetManagerActiveCommand,
  UpdateManagerCommand,
} from './manager.payloads';
import {
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
  SetManagerPasswordCommand,
} from './password-reset.payloads';
import {
  BillingDetailsView,
  ChangePasswordCommand,
  ContactDetailsView,
  SenderView,
  UpdateBillingCommand,
  UpdateContactCommand,
  UpdateSenderCommand,
} from './profile.payloads';
import {
  AddSenderCommand,
  AdminDecideSenderCommand,
  AdminListSendersQuery,
  AdminSenderPage,
  AdminSenderView,
  ListSendersCommand,
  ResolvedSender,
  ResolveSenderQuery,
  SenderCodeSent,
  SenderCommand,
  SenderEntryPage,
  SenderEntryView,
  VerifySenderCommand,
} from './sender.payloads';

/** Request/reply operations of the identity service. */
export const IdentityRpc = {
  signup: rpc('identity', 'account.signup.v1', SignupBody, type<SignupResult>()),
  login: rpc('identity', 'auth.login.v1', LoginBody, type<TokenPair>()),
  refresh: rpc('identity', 'auth.refresh.v1', RefreshBody, type<TokenPair>()),
  logout: rpc('identity', 'auth.logout.v1', LogoutCommand, type<{ ok: true }>()),
  me: rpc('identity', 'user.me.v1', ActorEnvelope, type<MeView>()),
  getBilling: rpc('identity', 'account.billing.get.v1', ActorEnvelope, type<BillingDetailsView>()),
  updateBilling: rpc('identity', 'account.billing.update.v1', UpdateBillingCommand, type<BillingDetailsView>()),
  getContact: rpc('identity', 'account.contact.get.v1', ActorEnvelope, type<ContactDetailsView>()),
  updateContact: rpc('identity', 'account.contact.update.v1', UpdateContactCommand, type<ContactDetailsView>()),
  changePassword: rpc('identity', 'user.password.change.v1', ChangePasswordCommand, type<{ ok: true }>()),
  getSender: rpc('identity', 'account.sender.get.v1', ActorEnvelope, type<SenderView>()),
  updateSender: rpc('identity', 'account.sender.update.v1', UpdateSenderCommand, type<SenderView>()),
  /** The account's list of senders (see sender.payloads.ts). */
  listSenders: rpc('identity', 'account.senders.list.v1', ListSendersCommand, type<SenderEntryPage>()),
  addSender: rpc('identity', 'account.senders.add.v1', AddSenderCommand, type<SenderEntryView>()),
  verifySender: rpc('identity', 'account.senders.verify.v1', VerifySenderCommand, type<SenderEntryView>()),
  resendSenderCode: rpc('identity', 'account.senders.code.resend.v1', SenderCommand, type<SenderCodeSent>()),
  deleteSender: rpc('identity', 'account.senders.delete.v1', SenderCommand, type<{ deleted: true }>()),
  /** Messaging, at each send: the sender to use (requested or default), or 422 sender-not-approved. */
  resolveSender: rpc('identity', 'account.senders.resolve.v1', ResolveSenderQuery, type<ResolvedSender>()),
  /** Operators (the gateway's ADMIN_TOKEN routes): review alphanumeric senders. */
  adminListSenders: rpc('identity', 'admin.senders.list.v1', AdminListSendersQuery, type<AdminSenderPage>()),
  adminDecideSender: rpc('identity', 'admin.senders.decide.v1', AdminDecideSenderCommand, type<AdminSenderView>()),
  /** Sub-account managers, driven by the wallet (see manager.payloads.ts). */
  createManager: rpc('identity', 'subaccount.manager.create.v1', CreateManagerCommand, type<ManagerResult>()),
  updateManager: rpc('identity', 'subaccount.manager.update.v1', UpdateManagerCommand, type<ManagerResult>()),
  setManagerActive: rpc('identity', 'subaccount.manager.active.set.v1', SetManagerActiveCommand, type<ManagerResult>()),
  deleteManager: rpc('identity', 'subaccount.manager.delete.v1', DeleteManagerCommand, type<DeleteManagerResult>()),
  /** Gateway start-up: sessions revoked by deactivation whose access tokens may still be alive. */
  listRevokedSessions: rpc('identity', 'session.revoked.list.v1', NoPayload, type<RevokedSessionsList>()),
  /** Service-to-service: name and language of an account, for platform messages. */
  getAccountSummary: rpc('identity', 'account.summary.get.v1', GetAccountSummaryQuery, type<AccountSummary>()),
  /** POST /auth/password-reset: always ok, known address or not. */
  requestPasswordReset: rpc(
    'identity',
    'user.password.reset.request.v1',
    PasswordResetRequestBody,
    type<{ ok: true }>(),
  ),
  /** POST /auth/password-reset/confirm; 400 invalid-reset-token. */
  confirmPasswordReset: rpc(
    'identity',
    'user.password.reset.confirm.v1',
    PasswordResetConfirmBody,
    type<{ ok: true }>(),
  ),
  /** PUT /sub-accounts/{id}/manager-password. */
  setManagerPassword: rpc(
    'identity',
    'subaccount.manager.password.set.v1',
    SetManagerPasswordCommand,
    type<{ ok: true }>(),
  ),
  /** Scoped API keys (see api-key.payloads.ts). */
  createApiKey: rpc('identity', 'apikey.create.v1', CreateApiKeyCommand, type<CreatedApiKey>()),
  listApiKeys: rpc('identity', 'apikey.list.v1', ListApiKeysQuery, type<ApiKeyPage>()),
  revokeApiKey: rpc('identity', 'apikey.revoke.v1', RevokeApiKeyCommand, type<{ revoked: true }>()),
  resolveApiKey: rpc('identity', 'apikey.resolve.v1', ResolveApiKeyQuery, type<ResolveApiKeyResult>()),
  recordApiKeyUsage: rpc('identity', 'apikey.usage.record.v1', RecordApiKeyUsageCommand, type<{ recorded: number }>()),
  /** Gateway: the public keys that verify access tokens. */
  jwks: rpc('identity', 'auth.jwks.v1', NoPayload, type<Jwks>()),
};
