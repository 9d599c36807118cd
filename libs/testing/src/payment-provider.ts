import { createHmac, randomUUID } from 'node:crypto';

/** The events a payment provider posts to `POST /payments/webhook`. */
export interface ProviderEvent {
  id: string;
  type: string;
  data: { invoiceId: string; amount: number; currency: string };
}

export interface PostOptions {
  /** Unix seconds the signature claims (default now): an old one must be refused. */
  timestamp?: number;
  /** Sign with this secret instead (a forger's). */
  secret?: string;
  /** Send this header as it is. */
  signature?: string;
}

/**
 * A payment provider for tests: signs an event as a provider does
 * (`Payment-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`) and posts it to
 * the gateway. Written apart from billing's verifier, so a test checks one against the other.
 */
export class PaymentProviderSimulator {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
  ) {}

  succeeded(invoiceId: string, amount: number, currency = 'EUR'): ProviderEvent {
    return { id: `evt_${randomUUID()}`, type: 'payment.succeeded', data: { invoiceId, amount, currency } };
  }

  async post(event: ProviderEvent, opts: PostOptions = {}): Promise<{ status: number; body: unknown }> {
    const body = JSON.stringify(event);
    const t = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const v1 = createHmac('sha256', opts.secret ?? this.secret)
      .update(`${t}.${body}`)
      .digest('hex');
    const res = await fetch(`${this.baseUrl}/api/v1/payments/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'payment-signature': opts.signature ?? `t=${t},v1=${v1}` },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
}
