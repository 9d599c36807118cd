import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  sign,
  verify,
} from 'node:crypto';

/** NATS header carrying the gateway's assertion over one request. */
export const ACTOR_ASSERTION_HEADER = 'Actor-Assertion';

/** How long an assertion is valid after it was made (and the most a clock may be ahead). */
export const ACTOR_ASSERTION_TTL_MS = 30_000;

/**
 * The gateway's signature over one request: `v1.<exp ms>.<base64url Ed25519 signature>` over
 * `<bare subject>\n<exp>\n<sha256 of the request's bytes>`. The bytes are Nest's packet
 * `{pattern, data, id}`: the body (and the actor in it), the subject and the request's own
 * random id are all bound, so an assertion cannot be moved to another body or subject and is
 * worthless after 30 s. Only the gateway holds the private key (ACTOR_ASSERTION_SIGNING_KEY);
 * services hold the public key (ACTOR_ASSERTION_PUBLIC_KEY).
 */
function signedText(subject: string, exp: number, body: Uint8Array): Buffer {
  const hash = createHash('sha256').update(body).digest('base64url');
  return Buffer.from(`${subject}\n${exp}\n${hash}`);
}

export class ActorAssertionSigner {
  constructor(private readonly key: KeyObject) {}

  /** From a PKCS#8 PEM or a base64url raw 32-byte Ed25519 seed. */
  static fromText(text: string): ActorAssertionSigner {
    return new ActorAssertionSigner(parsePrivateKey(text));
  }

  sign(subject: string, body: Uint8Array, now = Date.now()): string {
    const exp = now + ACTOR_ASSERTION_TTL_MS;
    return `v1.${exp}.${sign(null, signedText(subject, exp, body), this.key).toString('base64url')}`;
  }

  /**
   * `sign` computed on libuv's thread pool (node:crypto's callback form): the Ed25519 signature
   * stays off the event loop, which every request of the gateway shares.
   */
  signAsync(subject: string, body: Uint8Array, now = Date.now()): Promise<string> {
    const exp = now + ACTOR_ASSERTION_TTL_MS;
    return new Promise((resolve, reject) =>
      sign(null, signedText(subject, exp, body), this.key, (err, signature) =>
        err ? reject(err) : resolve(`v1.${exp}.${signature.toString('base64url')}`),
      ),
    );
  }
}

export type AssertionCheck = { ok: true } | { ok: false; reason: string };

export class ActorAssertionVerifier {
  constructor(private readonly key: KeyObject) {}

  /** From an SPKI PEM or a base64url raw 32-byte Ed25519 public key. */
  static fromText(text: string): ActorAssertionVerifier {
    return new ActorAssertionVerifier(parsePublicKey(text));
  }

  check(assertion: string | undefined, subject: string, body: Uint8Array, now = Date.now()): AssertionCheck {
    const parsed = parseAssertion(assertion, now);
    if ('reason' in parsed) return parsed;
    if (!verify(null, signedText(subject, parsed.exp, body), this.key, parsed.signature)) return BAD_SIGNATURE;
    return { ok: true };
  }

  /**
   * `check` with the Ed25519 verification on libuv's thread pool (node:crypto's callback form):
   * the same answers, but the verification (the most expensive step of a service's request
   * handling) leaves the event loop free for other requests meanwhile.
   */
  checkAsync(
    assertion: string | undefined,
    subject: string,
    body: Uint8Array,
    now = Date.now(),
  ): Promise<AssertionCheck> {
    const parsed = parseAssertion(assertion, now);
    if ('reason' in parsed) return Promise.resolve(parsed);
    return new Promise((resolve) =>
      verify(null, signedText(subject, parsed.exp, body), this.key, parsed.signature, (err, ok) =>
        resolve(!err && ok ? { ok: true } : BAD_SIGNATURE),
      ),
    );
  }
}

const BAD_SIGNATURE: { ok: false; reason: string } = { ok: false, reason: 'bad signature' };

/** The expiry and signature of a well-formed, current assertion, or why it is refused before any cryptography. */
function parseAssertion(
  assertion: string | undefined,
  now: number,
): { exp: number; signature: Buffer } | { ok: false; reason: string } {
  if (!assertion) return { ok: false, reason: 'missing' };
  const parts = assertion.split('.');
  if (parts.length !== 3 || parts[0] !== 'v1' || !/^\d{1,15}$/.test(parts[1]))
    return { ok: false, reason: 'malformed' };
  const exp = Number(parts[1]);
  if (exp < now) return { ok: false, reason: 'expired' };
  if (exp > now + 2 * ACTOR_ASSERTION_TTL_MS) return { ok: false, reason: 'too far in the future' };
  const signature = Buffer.from(parts[2], 'base64url');
  if (signature.length !== 64) return BAD_SIGNATURE;
  return { exp, signature };
}

/** A new Ed25519 key pair as the two variables' values (raw keys, base64url). */
export function generateActorAssertionKeys(): { signingKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return { signingKey: jwk.d as string, publicKey: publicKey.export({ format: 'jwk' }).x as string };
}

/** The public key (base64url raw) of a signing key given as text. */
export function publicKeyOf(signingKey: string): string {
  return createPublicKey(parsePrivateKey(signingKey)).export({ format: 'jwk' }).x as string;
}

function parsePrivateKey(text: string): KeyObject {
  const t = text.trim();
  if (t.startsWith('-----')) return createPrivateKey(t);
  const seed = Buffer.from(t, 'base64url');
  if (seed.length !== 32) throw new Error('an Ed25519 signing key is a PKCS#8 PEM or 32 bytes in base64url');
  // PKCS#8 DER of an Ed25519 seed: a fixed 16-byte header, then the 32 bytes.
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
}

function parsePublicKey(text: string): KeyObject {
  const t = text.trim();
  if (t.startsWith('-----')) return createPublicKey(t);
  if (Buffer.from(t, 'base64url').length !== 32) {
    throw new Error('an Ed25519 public key is an SPKI PEM or 32 bytes in base64url');
  }
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: t }, format: 'jwk' });
}
