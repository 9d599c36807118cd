import { buyCredits, HttpClient, SignedUpUser } from '@sms/testing';

/** A webhook target nothing listens on (the e2e stack allows 127.0.0.1 over http): deliveries keep retrying. */
export const WEBHOOK_SINK = 'http://127.0.0.1:9';

/** A webhook of the owner's (no deliveries). */
export async function createWebhook(http: HttpClient, owner: SignedUpUser): Promise<{ id: string; secret: string }> {
  const res = await http.post('/webhooks', {
    token: owner.accessToken,
    body: { url: `${WEBHOOK_SINK}/spare`, events: ['balance.low'] },
  });
  if (res.status !== 201) throw new Error(`create webhook: ${res.status} ${res.text}`);
  return { id: res.body.id as string, secret: res.body.secret as string };
}

/**
 * A webhook of the owner's with one delivery: it subscribes to invoice.paid, then an invoice is
 * bought and paid. Resolves once the delivery is listed.
 */
export async function createWebhookWithDelivery(
  http: HttpClient,
  owner: SignedUpUser,
): Promise<{ id: string; secret: string; deliveryId: string }> {
  const res = await http.post('/webhooks', {
    token: owner.accessToken,
    body: { url: `${WEBHOOK_SINK}/world`, events: ['invoice.paid'] },
  });
  if (res.status !== 201) throw new Error(`create webhook: ${res.status} ${res.text}`);
  const id = res.body.id as string;
  await buyCredits(http, owner, 10);
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const list = await http.get(`/webhooks/${id}/deliveries`, { token: owner.accessToken });
    if (list.status === 200 && list.body.items.length > 0)
      return { id, secret: res.body.secret, deliveryId: list.body.items[0].id };
  }
  throw new Error('the invoice.paid delivery was not queued within 60 s');
}
