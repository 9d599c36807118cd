import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Webhook signing secrets at rest. They must stay usable for signing (HMAC needs the secret
 * itself, a hash would not do), so they are encrypted with AES-256-GCM under WEBHOOK_SECRET_KEY:
 * a database dump alone does not let anyone forge deliveries. Stored as `v1.<iv>.<tag>.<ciphertext>`
 * (base64url), the webhook id as associated data so a ciphertext cannot be moved to another row.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(configured: string, nodeEnv = process.env.NODE_ENV) {
    if (!configured) {
      if (nodeEnv === 'production')
        throw new Error('WEBHOOK_SECRET_KEY: required with NODE_ENV=production (32 bytes, 64 hex characters)');
      // Development and tests only: a fixed, public key (so `npm start` needs no setup).
      this.key = createHash('sha256').update('sms-platform development webhook key').digest();
    } else {
      this.key = /^[0-9a-fA-F]{64}$/.test(configured)
        ? Buffer.from(configured, 'hex')
        : Buffer.from(configured, 'base64');
      if (this.key.length !== 32) throw new Error('WEBHOOK_SECRET_KEY: must decode to 32 bytes');
    }
  }

  seal(webhookId: string, secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(webhookId));
    const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), data]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(webhookId: string, sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('unknown sealed secret format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(webhookId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/**
 * Opened secrets by webhook, for signing: AES-GCM opening (a decipher per call) was a few per cent
 * of the worker's CPU when done for every delivery. The sealed value is the key's other half: a
 * rotated secret (new sealed value) is opened afresh. At most `max` kept (then started over).
 */
export class OpenedSecrets {
  private readonly opened = new Map<string, { sealed: string; secret: string }>();

  constructor(
    private readonly box: SecretBox,
    private readonly max = 10_000,
  ) {}

  open(webhookId: string, sealed: string): string {
    const hit = this.opened.get(webhookId);
    if (hit?.sealed === sealed) return hit.secret;
    const secret = this.box.open(webhookId, sealed);
    if (this.opened.size >= this.max) this.opened.clear();
    this.opened.set(webhookId, { sealed, secret });
    return secret;
  }
}

/** A new signing secret: `whsec_` + 32 random bytes (base64url). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** `Sms-Signature` header value: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}
