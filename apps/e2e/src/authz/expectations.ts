import { uniqueEmail } from '@sms/testing';
import { WEBHOOK_SINK } from '../support/webhooks';
import { Persona, World } from './personas';

export interface Case {
  /** The `{id}` of the path, when it has one. */
  id?: (w: World) => string;
  query?: string;
  body?: (w: World, p: Persona) => unknown;
  expect: Record<Persona, number>;
  /** The problem `code` some personas must get besides the status (to tell two 401s apart). */
  codes?: Partial<Record<Persona, string>>;
  /** The token to call with instead of the persona's main one (e.g. a session it may end). */
  token?: (w: World, p: Persona) => string | undefined;
}

const today = new Date().toISOString().slice(0, 10);
/** Secured operations: no, expired, tampered, logged-out or revoked token → 401. */
const locked = { anonymous: 401, expired: 401, tampered: 401, loggedOut: 401, deactivated: 401 } as const;
const everyone = (status: number): Record<Persona, number> => ({
  anonymous: status,
  expired: status,
  tampered: status,
  loggedOut: status,
  deactivated: status,
  otherOwner: status,
  otherManager: status,
  sibling: status,
  manager: status,
  owner: status,
});
/** Any signed-in persona acting on its own account. */
const self = (status: number) => ({
  ...locked,
  otherOwner: status,
  otherManager: status,
  sibling: status,
  manager: status,
  owner: status,
});
/** The owner's own object (an invoice, a sub-account): another owner 404, managers (any tenant's) `managers`. */
const ownersObject = (ok: number, managers: number) => ({
  ...locked,
  otherOwner: 404,
  otherManager: managers,
  sibling: managers,
  manager: managers,
  owner: ok,
});
/** Owner-only actions on the account itself: managers are refused, other owners act on their own. */
const ownerAction = (ok: number, managers: number, other = ok) => ({
  ...locked,
  otherOwner: other,
  otherManager: managers,
  sibling: managers,
  manager: managers,
  owner: ok,
});

const sub = (w: World) => w.target.id;
const invoice = (w: World) => w.invoiceId;
const campaign = (w: World) => w.campaignId;
const webhook = (w: World) => w.webhookId;

/**
 * Every operation of the OpenAPI document × every persona → the status it must get.
 * An operation missing here fails the matrix test, so no endpoint ships unchecked.
 */
export const MATRIX: Record<string, Case> = {
  'POST /auth/signup': { body: () => ({}), expect: everyone(400) },
  'POST /auth/login': { body: () => ({}), expect: everyone(400) },
  'POST /auth/refresh': { body: () => ({}), expect: everyone(400) },
  // Tried last (the spec orders it so). Logout revokes the session's access tokens: a spare session
  // where there is one; the target's manager was deactivated (its sessions revoked) by then.
  'POST /auth/logout': {
    body: () => ({}),
    token: (w, p) => w.spareTokens[p] ?? w.tokens[p],
    expect: { ...self(204), manager: 401 },
  },
  'GET /me': { expect: self(200) },
  'GET /account/billing': { expect: self(200) },
  'PUT /account/billing': {
    body: () => ({
      company: 'X',
      firstName: 'A',
      lastName: 'B',
      address: 'Via 1',
      postalCode: '1',
      city: 'Roma',
      country: 'IT',
    }),
    expect: self(200),
  },
  'GET /account/contact': { expect: self(200) },
  'PUT /account/contact': {
    body: (w, p) => ({ firstName: 'A', lastName: 'B', email: w.emails[p] ?? uniqueEmail(), phone: '+393331234567' }),
    expect: self(200),
  },
  // Two kinds of 401: "who are you?" (no valid token) and "the current password is wrong".
  'PUT /account/password': {
    body: () => ({ currentPassword: 'not the password', newPassword: 'a new long passphrase' }),
    expect: self(401),
    codes: {
      anonymous: 'token-missing',
      expired: 'token-expired',
      tampered: 'token-invalid',
      loggedOut: 'token-revoked',
      deactivated: 'token-revoked',
      otherOwner: 'invalid-credentials',
      otherManager: 'invalid-credentials',
      sibling: 'invalid-credentials',
      manager: 'invalid-credentials',
      owner: 'invalid-credentials',
    },
  },
  'GET /account/sender': { expect: self(200) },
  'PUT /account/sender': { body: () => ({ defaultSender: 'ACME' }), expect: self(200) },
  // Each persona's own list; another's entry is "not found". A name is only a request (pending).
  'GET /account/senders': { expect: self(200) },
  'POST /account/senders': { body: () => ({ sender: 'Matrix' }), expect: self(201) },
  // The owner's unverified number: a code no one was sent is refused (422); its path comes first
  // in the document, so DELETE takes a spare entry.
  'DELETE /account/senders/{id}': { id: (w) => w.spareSenderId, expect: ownersObject(204, 404) },
  'POST /account/senders/{id}/verify': {
    id: (w) => w.senderId,
    body: () => ({ code: '000000' }),
    expect: ownersObject(422, 404),
  },
  'POST /account/senders/{id}/resend': { id: (w) => w.senderId, expect: ownersObject(202, 404) },
  // Operators only: every customer token, valid or not, is refused (the run's ADMIN_TOKEN is in senders.e2e-spec.ts).
  'GET /admin/senders': { expect: everyone(401) },
  'POST /admin/senders/{id}/approve': { id: (w) => w.spareSenderId, body: () => ({}), expect: everyone(401) },
  'POST /admin/senders/{id}/reject': { id: (w) => w.spareSenderId, body: () => ({}), expect: everyone(401) },
  'GET /health/live': { expect: everyone(200) },
  'GET /health/ready': { expect: everyone(200) },
  'GET /metrics': { expect: everyone(200) },
  'GET /pricing': { expect: self(200) },
  // The other owner completed its billing details in PUT /account/billing above, so it may buy.
  'POST /purchases': { body: () => ({ smsCount: 10 }), expect: ownerAction(201, 403) },
  'GET /invoices': { expect: ownerAction(200, 404) },
  'GET /invoices/{id}': { id: invoice, expect: ownersObject(200, 404) },
  'GET /invoices/{id}/pdf': { id: invoice, expect: ownersObject(200, 404) },
  'POST /invoices/{id}/pay': { id: invoice, expect: ownersObject(200, 404) },
  // Public: the provider's signature is the credential; none here, whoever calls.
  'POST /payments/webhook': { body: () => ({}), expect: everyone(401) },
  'POST /sms': {
    body: () => ({ to: ['+393331234567'], text: 'Authorization matrix' }),
    // The sibling has no credits: refused for that reason, not for who it is. The other tenant pays its own.
    expect: { ...locked, otherOwner: 202, otherManager: 202, sibling: 422, manager: 202, owner: 202 },
  },
  'GET /history': { expect: self(200) },
  // Reporting answers a manager's look at any sub-account by id as "not found".
  'GET /sub-accounts/{id}/history': { id: sub, expect: ownersObject(200, 404) },
  'GET /delivery-receipts.xlsx': { query: `from=${today}&to=${today}`, expect: self(200) },
  'GET /sub-accounts/{id}/delivery-receipts.xlsx': {
    id: sub,
    query: `from=${today}&to=${today}`,
    expect: ownersObject(200, 404),
  },
  'GET /account/balance-alert': { expect: self(200) },
  'PUT /account/balance-alert': {
    body: () => ({
      threshold: 10,
      sms: { phone: '+393331234567', active: false },
      email: { address: 'alerts@example.com', active: false },
    }),
    expect: self(200),
  },
  // A code no one was sent (or no channel at all): refused the same way for every signed-in persona.
  'POST /account/alerts/verify': { body: () => ({ channel: 'email', code: '000000' }), expect: self(422) },
  // An unknown channel: validated after authentication, so it reaches no persona's recipients.
  'POST /account/alerts/verify/resend': { body: () => ({ channel: 'fax' }), expect: self(400) },
  'GET /account/notifications': { expect: self(200) },
  'GET /account/balance': { expect: self(200) },
  'GET /transactions': { expect: self(200) },
  'GET /sub-accounts': { expect: ownerAction(200, 403) },
  'POST /sub-accounts': {
    body: () => ({
      name: 'Matrix branch',
      manager: { firstName: 'M', lastName: 'X', email: uniqueEmail('matrix') },
      password: 'manager secret 123',
      unlimited: true,
    }),
    expect: ownerAction(201, 403),
  },
  'GET /sub-accounts/{id}': { id: sub, expect: ownersObject(200, 403) },
  'PATCH /sub-accounts/{id}': { id: sub, body: () => ({ name: 'Renamed branch' }), expect: ownersObject(200, 403) },
  'POST /sub-accounts/{id}/credit': { id: sub, body: () => ({ credits: 1 }), expect: ownersObject(200, 403) },
  'POST /sub-accounts/{id}/reset': { id: sub, expect: ownersObject(200, 403) },
  'POST /sub-accounts/{id}/deactivate': { id: sub, expect: ownersObject(200, 403) },
  // Runs after the deactivation: the target's manager's old token is revoked by then.
  'POST /sub-accounts/{id}/activate': { id: sub, expect: { ...ownersObject(200, 403), manager: 401 } },
  'GET /campaigns': { expect: self(200) },
  // The target's campaign: its manager and the owner above it; the sibling and other tenants 404.
  'GET /campaigns/{id}': { id: campaign, expect: { ...ownersObject(200, 404), manager: 200 } },
  // The manager cancels it first (204); the owner's repeat is a 204 that changes nothing.
  'DELETE /campaigns/{id}': { id: campaign, expect: { ...ownersObject(204, 404), manager: 204 } },
  // Each account's own inbox and opt-out list; an owner's look at a sub-account's is in inbound.e2e-spec.ts.
  'GET /inbox': { query: `from=${today}&to=${today}`, expect: self(200) },
  'GET /account/opt-outs': { expect: self(200) },
  'POST /account/opt-outs': { body: () => ({ phone: '+393339990001' }), expect: self(201) },
  'DELETE /account/opt-outs': { query: 'phone=%2B393339990001', expect: self(204) },
  // These run after the target's deactivation (document order): its manager's token is revoked by then; the
  // managers' own views, and another tenant's subAccountId (404), are in reports/audit-log.e2e-spec.ts.
  'GET /reports/summary': {
    query: `from=${today}&to=${today}&groupBy=subAccount`,
    expect: { ...self(200), manager: 401 },
  },
  'GET /reports/summary.xlsx': { query: `from=${today}&to=${today}`, expect: { ...self(200), manager: 401 } },
  'GET /audit-log': { query: `from=${today}&to=${today}`, expect: { ...self(200), manager: 401 } },
  'GET /audit-log/verify': { expect: { ...ownerAction(200, 403), manager: 401 } },
  'POST /auth/password-reset': { body: () => ({}), expect: everyone(400) },
  'POST /auth/password-reset/confirm': { body: () => ({}), expect: everyone(400) },
  // Last in the document, after the deactivation revoked the target manager's old token.
  'PUT /sub-accounts/{id}/manager-password': {
    id: sub,
    body: () => ({ newPassword: 'set by the matrix' }),
    expect: { ...ownersObject(204, 403), manager: 401 },
  },
  // API keys: a manager creates keys for its own sub-account (the sibling shows it: the target's
  // manager's token stays revoked after the deactivation above), but only owners revoke.
  'POST /api-keys': {
    body: () => ({ name: 'Matrix key', scopes: ['balance:read'] }),
    expect: { ...self(201), manager: 401 },
  },
  'GET /api-keys': { expect: { ...self(200), manager: 401 } },
  'DELETE /api-keys/{id}': {
    id: (w) => w.apiKeyId,
    expect: { ...locked, otherOwner: 404, otherManager: 403, sibling: 403, manager: 401, owner: 204 },
  },
  // Webhooks: each account (a manager: its sub-account) has its own; the owner's webhook is `{id}`. They come
  // after the target's deactivation in document order, so its manager's old token is refused (401).
  'POST /webhooks': {
    body: () => ({ url: `${WEBHOOK_SINK}/matrix`, events: ['message.status'] }),
    expect: { ...self(201), manager: 401 },
  },
  'GET /webhooks': { expect: { ...self(200), manager: 401 } },
  'GET /webhooks/{id}': { id: webhook, expect: { ...ownersObject(200, 404), manager: 401 } },
  'PATCH /webhooks/{id}': {
    id: webhook,
    body: () => ({ events: ['message.status', 'invoice.paid'] }),
    expect: { ...ownersObject(200, 404), manager: 401 },
  },
  'POST /webhooks/{id}/rotate-secret': { id: webhook, expect: { ...ownersObject(200, 404), manager: 401 } },
  'GET /webhooks/{id}/deliveries': { id: webhook, expect: { ...ownersObject(200, 404), manager: 401 } },
  'POST /webhooks/{id}/deliveries/{deliveryId}/redeliver': {
    id: webhook,
    expect: { ...ownersObject(202, 404), manager: 401 },
  },
  // Its path comes first in the document: it deletes a spare webhook, not the one the others use.
  'DELETE /webhooks/{id}': { id: (w) => w.spareWebhookId, expect: { ...ownersObject(204, 404), manager: 401 } },
};
