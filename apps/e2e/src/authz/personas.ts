import { eventually, HttpClient, SignedUpUser } from '@sms/testing';
import * as jwt from 'jsonwebtoken';
import { createApiKey } from '../support/api-keys';
import { createWebhook, createWebhookWithDelivery } from '../support/webhooks';
import { buyCredits, createSubAccount, MANAGER_PASSWORD, signUpAndLogIn, SubAccountFixture } from '../support/fixtures';
import { addSender, uniqueName, uniqueNumber } from '../support/senders';
import { signAsIdentity } from '../support/signing';

/** Who calls, in the order each operation is tried (its owner last, as it may change state). */
export const PERSONAS = [
  'anonymous',
  'expired',
  'tampered',
  'loggedOut',
  'deactivated',
  'otherOwner',
  'otherManager',
  'sibling',
  'manager',
  'owner',
] as const;
export type Persona = (typeof PERSONAS)[number];

export interface World {
  owner: SignedUpUser;
  /** Another tenant, with data of its own (an invoice, a credited sub-account) that must never leak. */
  otherOwner: SignedUpUser;
  otherTarget: SubAccountFixture;
  otherInvoiceId: string;
  /** The sub-account the `{id}` of sub-account operations names; `manager` manages it. */
  target: SubAccountFixture;
  sibling: SubAccountFixture;
  deactivated: SubAccountFixture;
  /** The owner's paid invoice, the `{id}` of invoice operations. */
  invoiceId: string;
  /** A scheduled campaign of `target` (sent by its manager), the `{id}` of campaign operations. */
  campaignId: string;
  /** A live API key of the owner, the `{id}` of API key operations. */
  apiKeyId: string;
  /** The owner's webhook (the `{id}` of webhook operations) and one of its deliveries (`{deliveryId}`). */
  webhookId: string;
  webhookDeliveryId: string;
  /** Another webhook of the owner's, for DELETE (its path comes before the other `{id}/…` paths). */
  spareWebhookId: string;
  /** An unverified number on the owner's list of senders (`{id}` of verify/resend), and a spare for DELETE. */
  senderId: string;
  spareSenderId: string;
  tokens: Record<Persona, string | undefined>;
  /**
   * A second session of each signed-in persona, for operations that end the caller's own
   * session (logout revokes its access tokens: the main tokens must survive the matrix).
   */
  spareTokens: Partial<Record<Persona, string>>;
  emails: Partial<Record<Persona, string>>;
}

function forged(owner: SignedUpUser): { expired: string; tampered: string } {
  const claims = jwt.decode(owner.accessToken) as Record<string, unknown>;
  const expired = signAsIdentity({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 });
  const [h, , s] = owner.accessToken.split('.');
  const payload = Buffer.from(JSON.stringify({ ...claims, role: 'owner', acc: claims.acc })).toString('base64url');
  return { expired, tampered: `${h}.${payload.slice(0, -2)}xy.${s}` };
}

/**
 * An access token of the owner's whose session was logged out: a second login, then logout with it.
 * Resolves once the gateway refuses it (the revocation reaches every gateway asynchronously).
 */
async function loggedOutToken(http: HttpClient, owner: SignedUpUser): Promise<string> {
  const login = await http.post('/auth/login', { body: { email: owner.email, password: owner.password } });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`);
  const token = login.body.accessToken as string;
  const out = await http.post('/auth/logout', { token, body: {} });
  if (out.status !== 204) throw new Error(`logout: ${out.status} ${out.text}`);
  await eventually(
    'the logged-out access token refused',
    async () => (await http.get('/me', { token })).status === 401,
    30_000,
  );
  return token;
}

/**
 * Two tenants: an owner with credits, three sub-accounts (one deactivated) and an invoice; another
 * owner with an invoice and a credited sub-account of its own (its manager is `otherManager`).
 */
export async function buildWorld(http: HttpClient): Promise<World> {
  const [owner, otherOwner] = await Promise.all([signUpAndLogIn(http), signUpAndLogIn(http)]);
  const [invoiceId, otherInvoiceId] = await Promise.all([
    buyCredits(http, owner, 1000),
    buyCredits(http, otherOwner, 200),
  ]);
  const otherTarget = await createSubAccount(http, otherOwner, 50);
  const loggedOut = await loggedOutToken(http, owner);
  const target = await createSubAccount(http, owner, 100);
  const sibling = await createSubAccount(http, owner);
  const deactivated = await createSubAccount(http, owner);
  const off = await http.post(`/sub-accounts/${deactivated.id}/deactivate`, { token: owner.accessToken });
  if (off.status !== 200) throw new Error(`deactivate: ${off.status} ${off.text}`);
  const campaign = await http.post('/sms', {
    token: target.managerToken,
    body: {
      to: ['+393331234567'],
      text: 'Matrix campaign',
      scheduledAt: new Date(Date.now() + 3_600_000).toISOString(),
    },
  });
  if (campaign.status !== 202) throw new Error(`campaign: ${campaign.status} ${campaign.text}`);
  const { expired, tampered } = forged(owner);
  const { id: apiKeyId } = await createApiKey(http, owner.accessToken, { scopes: ['balance:read'] });
  const webhook = await createWebhookWithDelivery(http, owner);
  const spareWebhook = await createWebhook(http, owner);
  const sender = await addSender(http, owner.accessToken, uniqueNumber());
  const spareSender = await addSender(http, owner.accessToken, uniqueName('Spare'));
  const spare = async (email: string, password: string): Promise<string> => {
    const res = await http.post('/auth/login', { body: { email, password } });
    if (res.status !== 200) throw new Error(`spare login: ${res.status} ${res.text}`);
    return res.body.accessToken as string;
  };
  const spareTokens: Partial<Record<Persona, string>> = {
    owner: await spare(owner.email, owner.password),
    otherOwner: await spare(otherOwner.email, otherOwner.password),
    sibling: await spare(sibling.managerEmail, MANAGER_PASSWORD),
    manager: await spare(target.managerEmail, MANAGER_PASSWORD),
  };
  return {
    spareTokens,
    owner,
    otherOwner,
    otherTarget,
    otherInvoiceId,
    target,
    sibling,
    deactivated,
    invoiceId,
    campaignId: campaign.body.campaignId as string,
    apiKeyId,
    webhookId: webhook.id,
    webhookDeliveryId: webhook.deliveryId,
    spareWebhookId: spareWebhook.id,
    senderId: sender.id,
    spareSenderId: spareSender.id,
    tokens: {
      anonymous: undefined,
      expired,
      tampered,
      loggedOut,
      deactivated: deactivated.managerToken,
      otherOwner: otherOwner.accessToken,
      otherManager: otherTarget.managerToken,
      sibling: sibling.managerToken,
      manager: target.managerToken,
      owner: owner.accessToken,
    },
    emails: {
      owner: owner.email,
      otherOwner: otherOwner.email,
      otherManager: otherTarget.managerEmail,
      sibling: sibling.managerEmail,
      manager: target.managerEmail,
      deactivated: deactivated.managerEmail,
    },
  };
}
