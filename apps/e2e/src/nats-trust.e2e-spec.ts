// The inside of the system as an attacker on the broker sees it (issue 18, finding 1): the e2e
// stack's nats-server is authenticated, each app connects as its own nkey user with the
// permissions of libs/nats-auth, and services run a handler only for requests the gateway signed.
// Every attack below is refused; each has a positive control showing the same step works for
// the party that is allowed to take it, so a refusal cannot come from a broken set-up.
import { BillingEvents, InvoicePaidData } from '@sms/contracts';
import { createEnvelope, eventSubject } from '@sms/events';
import {
  ACTOR_ASSERTION_HEADER,
  ActorAssertionSigner,
  generateActorSigningKey,
  StackCredentials,
} from '@sms/nats-auth';
import { connectWhenReachable } from '@sms/nats';
import { eventually, HttpClient, signUpAndLogIn, SignedUpUser } from '@sms/testing';
import { connect, ErrorCode, headers, NatsConnection, NatsError, nkeyAuthenticator, nkeys } from 'nats';
import { randomUUID } from 'node:crypto';
import { e2eHttp, e2eState } from './support/e2e-state';

const http = e2eHttp();
const prefix = e2eState().env.NATS_PREFIX;
process.env.NATS_PREFIX = prefix; // eventSubject() of @sms/events, as the apps see it
const url = e2eState().env.NATS_URL;
const creds = (JSON.parse(process.env.TEST_NATS_AUTH!) as { creds: StackCredentials }).creds;
const encoder = new TextEncoder();

/**
 * Connects as one of the stack's users, with its private inbox prefix; waits for the broker as the
 * tiers' helpers do (one 20 s handshake attempt timed out here on a machine loaded by another run).
 */
function connectAs(user: string): Promise<NatsConnection> {
  const key = creds.keys.find((k) => k.user === user)!;
  return connectWhenReachable({
    servers: url,
    authenticator: nkeyAuthenticator(encoder.encode(key.seed)),
    inboxPrefix: user === 'harness' ? undefined : `_INBOX_${user}`,
  });
}

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (err) {
    return err instanceof NatsError ? err.code : String(err);
  }
  return 'accepted';
}

/** Subscribes and waits for the server's verdict: the subscription ends with its error, or stays open. */
async function subscribeVerdict(nc: NatsConnection, subject: string): Promise<string> {
  const sub = nc.subscribe(subject);
  const ended = (async () => {
    try {
      for await (const m of sub) void m;
      return 'closed';
    } catch (err) {
      return err instanceof NatsError ? err.code : String(err);
    }
  })();
  // The server answers a SUB it refuses with -ERR, which arrives before the PONG of this flush.
  await nc.flush();
  if (sub.isClosed()) return ended;
  sub.unsubscribe();
  await ended;
  return 'open';
}

/** A Nest request packet, as the gateway's RpcClient sends it. */
function packet(subject: string, data: object): Uint8Array {
  return encoder.encode(JSON.stringify({ pattern: subject, data, id: randomUUID() }));
}

async function rpc(
  nc: NatsConnection,
  subject: string,
  body: Uint8Array,
  assertion?: string,
): Promise<{ response?: Record<string, unknown>; err?: { status: number; code?: string } }> {
  const h = headers();
  if (assertion) h.set(ACTOR_ASSERTION_HEADER, assertion);
  const msg = await nc.request(subject, body, { timeout: 30_000, headers: h });
  return JSON.parse(new TextDecoder().decode(msg.data));
}

async function waitForBalance(client: HttpClient, token: string, credits: number): Promise<void> {
  await eventually(`a balance of ${credits}`, async () => {
    const res = await client.get('/account/balance', { token });
    return res.status === 200 && res.body.credits === credits;
  });
}

describe('NATS trust boundary', () => {
  let wallet: NatsConnection;
  let gateway: NatsConnection;
  let harness: NatsConnection;
  let victim: SignedUpUser;

  beforeAll(async () => {
    [wallet, gateway, harness] = await Promise.all([connectAs('wallet'), connectAs('gateway'), connectAs('harness')]);
    victim = await signUpAndLogIn(http);
  });
  afterAll(async () => {
    await Promise.all([wallet, gateway, harness].map((nc) => nc?.close()));
  });

  it('refuses a stranger: no credentials, or an nkey the server does not know', async () => {
    expect(await refusal(connect({ servers: url, timeout: 60_000 }))).toBe(ErrorCode.AuthorizationViolation);
    const unknown = (nkeys as { createUser(): { getSeed(): Uint8Array } }).createUser().getSeed();
    expect(await refusal(connect({ servers: url, timeout: 60_000, authenticator: nkeyAuthenticator(unknown) }))).toBe(
      ErrorCode.AuthorizationViolation,
    );
  });

  it('a compromised wallet cannot publish billing.invoice.paid.v1 to credit itself', async () => {
    const forged = createEnvelope<InvoicePaidData>(
      BillingEvents.invoicePaid,
      {
        invoiceId: randomUUID(),
        invoiceNumber: '2026-999999',
        accountId: victim.accountId,
        smsCount: 1_000_000,
        paidAt: new Date().toISOString(),
      },
      { accountId: victim.accountId },
    );
    const subject = `${prefix}evt.${BillingEvents.invoicePaid.type}`;
    expect(eventSubject(BillingEvents.invoicePaid.type, prefix)).toBe(subject); // the subject the wallet consumes
    const attempt = wallet.jetstream().publish(subject, JSON.stringify(forged), { msgID: forged.id, timeout: 10_000 });
    expect(await refusal(attempt)).toBe(ErrorCode.PermissionsViolation);

    // Control: billing's event (here published by the harness, which may) is applied, and only it.
    const paid = createEnvelope<InvoicePaidData>(
      BillingEvents.invoicePaid,
      { ...forged.data, invoiceId: randomUUID(), smsCount: 7 },
      { accountId: victim.accountId },
    );
    await harness.jetstream().publish(subject, JSON.stringify(paid), { msgID: paid.id });
    await waitForBalance(http, victim.accessToken, 7);
  });

  it('a compromised wallet cannot call identity login, nor hear logins, nor read another inbox', async () => {
    const login = `${prefix}identity.auth.login.v1`;
    const body = packet(login, { email: victim.email, password: victim.password });
    expect(await refusal(wallet.request(login, body, { timeout: 10_000 }))).toBe(ErrorCode.PermissionsViolation);
    expect(await subscribeVerdict(wallet, login)).toBe(ErrorCode.PermissionsViolation);
    expect(await subscribeVerdict(wallet, `${prefix}identity.>`)).toBe(ErrorCode.PermissionsViolation);
    expect(await subscribeVerdict(wallet, '_INBOX_gateway.>')).toBe(ErrorCode.PermissionsViolation);
    expect(await subscribeVerdict(wallet, '_INBOX.>')).toBe(ErrorCode.PermissionsViolation);
    expect(await subscribeVerdict(wallet, '_EXPORT_gateway.>')).toBe(ErrorCode.PermissionsViolation);
    expect(await subscribeVerdict(wallet, '>')).toBe(ErrorCode.PermissionsViolation);
    // Control: its own inbox is open to it, and the gateway's login request is answered.
    expect(await subscribeVerdict(wallet, '_INBOX_wallet.probe')).toBe('open');
    const signer = ActorAssertionSigner.fromText(creds.actorSigningKey);
    const answer = await rpc(gateway, login, body, signer.sign('identity', login, body));
    expect(answer.response).toEqual(expect.objectContaining({ accessToken: expect.any(String) }));
  });

  it('only their callers reach internal subjects: no free system SMS, no reservations from the gateway', async () => {
    const system = `${prefix}messaging.system-sms.send.v1`;
    expect(await refusal(wallet.request(system, packet(system, {}), { timeout: 10_000 }))).toBe(
      ErrorCode.PermissionsViolation,
    );
    const reserve = `${prefix}wallet.reservation.reserve.v1`;
    expect(await refusal(gateway.request(reserve, packet(reserve, {}), { timeout: 10_000 }))).toBe(
      ErrorCode.PermissionsViolation,
    );
  });

  describe('actor assertions (a superuser on the broker plays the attacker: permissions alone would let it through)', () => {
    const me = `${prefix}identity.user.me.v1`;
    const contact = `${prefix}identity.account.contact.get.v1`;
    const signer = (): ActorAssertionSigner => ActorAssertionSigner.fromText(creds.actorSigningKey);
    const actor = (): object => ({ userId: victim.userId, accountId: victim.accountId, role: 'owner' });

    it('answers a request the gateway signed (control)', async () => {
      const body = packet(me, { actor: actor() });
      const answer = await rpc(harness, me, body, signer().sign('identity', me, body));
      expect(answer.response).toEqual(expect.objectContaining({ email: victim.email }));
    });

    it.each([
      ['none', (): string | undefined => undefined],
      [
        'forged (another key)',
        (body: Uint8Array) => ActorAssertionSigner.fromText(generateActorSigningKey()).sign('identity', me, body),
      ],
      // What a compromised wallet could make with its own key (ACTOR_ASSERTION_KEY): identity refuses it.
      ['made with another service’s key', (body: Uint8Array) => signer().sign('wallet', me, body)],
      ['expired', (body: Uint8Array) => signer().sign('identity', me, body, Date.now() - 31_000)],
      ['made for another subject', (body: Uint8Array) => signer().sign('identity', contact, body)],
      [
        'made for another body (a replayed header)',
        () => signer().sign('identity', me, packet(me, { actor: actor() })),
      ],
    ])('refuses an actor with %s assertion: 401 before the handler', async (_name, assertion) => {
      const body = packet(me, { actor: actor() });
      const answer = await rpc(harness, me, body, assertion(body));
      expect(answer.response).toBeUndefined();
      expect(answer.err).toEqual(expect.objectContaining({ status: 401, code: 'actor-assertion-invalid' }));
    });
  });
});
