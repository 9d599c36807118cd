import { createHash, createHmac, createSecretKey, KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';

/** NATS header carrying the gateway's assertion over one request. */
export const ACTOR_ASSERTION_HEADER = 'Actor-Assertion';

/** How long an assertion is valid after it was made (and the most a clock may be ahead). */
export const ACTOR_ASSERTION_TTL_MS = 30_000;

/** Bytes of the gateway's signing key and of each service's key. */
const KEY_BYTES = 32;

/**
 * The gateway's proof over one request: `v2.<exp ms>.<base64url HMAC-SHA256>` over
 * `<wire subject>\n<exp>\n<sha256 of the request's bytes>`, keyed with the key of the service that
 * answers the subject. The bytes are Nest's packet `{pattern, data, id}`: the body (and the actor
 * in it), the subject and the request's own random id are all bound, so an assertion cannot be
 * moved to another body or subject and is worthless after 30 s.
 *
 * Keys: only the gateway holds the signing key (ACTOR_ASSERTION_SIGNING_KEY). Each service holds
 * its own key (ACTOR_ASSERTION_KEY), derived from the signing key for that service alone
 * (`serviceAssertionKey`), so a service can check what the gateway sent it but cannot make an
 * assertion any other service accepts: a compromised service can only "forge" requests to itself.
 * That is the property the earlier Ed25519 signatures gave, at a fraction of the CPU: an HMAC
 * costs about 3 µs where an Ed25519 signature cost 60 µs in the gateway and its check 150 µs in
 * every service, on every request (profiles in libs/nats-auth/README.md).
 */
function macText(subject: string, exp: number, body: Uint8Array): string {
  return `${subject}\n${exp}\n${createHash('sha256').update(body).digest('base64url')}`;
}

function mac(key: KeyObject, subject: string, exp: number, body: Uint8Array): Buffer {
  return createHmac('sha256', key).update(macText(subject, exp, body)).digest();
}

/** The key of `service` (base64url), derived from the gateway's signing key (base64url). */
export function serviceAssertionKey(signingKey: string, service: string): string {
  return createHmac('sha256', parseKey(signingKey, 'ACTOR_ASSERTION_SIGNING_KEY'))
    .update(`sms-actor-assertion/${service}`)
    .digest('base64url');
}

export class ActorAssertionSigner {
  private readonly keys = new Map<string, KeyObject>();

  constructor(private readonly signingKey: string) {
    parseKey(signingKey, 'ACTOR_ASSERTION_SIGNING_KEY');
  }

  /** From the base64url text of 32 random bytes (ACTOR_ASSERTION_SIGNING_KEY). */
  static fromText(text: string): ActorAssertionSigner {
    return new ActorAssertionSigner(text.trim());
  }

  /** `service`: the one answering `subject` (the wire subject, prefix included). */
  sign(service: string, subject: string, body: Uint8Array, now = Date.now()): string {
    let key = this.keys.get(service);
    if (!key) {
      key = createSecretKey(Buffer.from(serviceAssertionKey(this.signingKey, service), 'base64url'));
      this.keys.set(service, key);
    }
    const exp = now + ACTOR_ASSERTION_TTL_MS;
    return `v2.${exp}.${mac(key, subject, exp, body).toString('base64url')}`;
  }
}

export type AssertionCheck = { ok: true } | { ok: false; reason: string };

export class ActorAssertionVerifier {
  constructor(private readonly key: KeyObject) {}

  /** From this service's key as base64url text (ACTOR_ASSERTION_KEY). */
  static fromText(text: string): ActorAssertionVerifier {
    return new ActorAssertionVerifier(parseKey(text, 'ACTOR_ASSERTION_KEY'));
  }

  check(assertion: string | undefined, subject: string, body: Uint8Array, now = Date.now()): AssertionCheck {
    if (!assertion) return { ok: false, reason: 'missing' };
    const parts = assertion.split('.');
    if (parts.length !== 3 || parts[0] !== 'v2' || !/^\d{1,15}$/.test(parts[1]))
      return { ok: false, reason: 'malformed' };
    const exp = Number(parts[1]);
    if (exp < now) return { ok: false, reason: 'expired' };
    if (exp > now + 2 * ACTOR_ASSERTION_TTL_MS) return { ok: false, reason: 'too far in the future' };
    const given = Buffer.from(parts[2], 'base64url');
    if (given.length !== 32 || !timingSafeEqual(given, mac(this.key, subject, exp, body))) {
      return { ok: false, reason: 'bad signature' };
    }
    return { ok: true };
  }
}

/** A new gateway signing key (base64url text of 32 random bytes). */
export function generateActorSigningKey(): string {
  return randomBytes(KEY_BYTES).toString('base64url');
}

function parseKey(text: string, name: string): KeyObject {
  const raw = Buffer.from(text.trim(), 'base64url');
  if (raw.length !== KEY_BYTES) throw new Error(`${name} is 32 random bytes in base64url (43 characters)`);
  return createSecretKey(raw);
}
