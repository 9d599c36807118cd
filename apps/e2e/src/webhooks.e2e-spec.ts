import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createApiKey, withKey } from './support/api-keys';
import { e2eHttp } from './support/e2e-state';
import { buyCredits, createSubAccount, signUpAndLogIn } from './support/fixtures';

const http = e2eHttp();

interface Hit {
  headers: IncomingHttpHeaders;
  raw: string;
  body: { id: string; type: string; accountId: string; subAccountId: string | null; data: Record<string, unknown> };
}

/** The receiver a customer would run: records each POST with its raw body. */
async function receiver(): Promise<{ url: string; hits: Hit[]; close: () => Promise<void> }> {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      hits.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function verified(hit: Hit, secret: string): boolean {
  const fields = Object.fromEntries(
    String(hit.headers['sms-signature'])
      .split(',')
      .map((kv) => kv.split('=')),
  );
  const mac = createHmac('sha256', secret).update(`${fields.t}.${hit.raw}`).digest();
  const given = Buffer.from(fields.v1 ?? '', 'hex');
  return given.length === mac.length && timingSafeEqual(given, mac);
}

async function eventually<T>(what: string, probe: () => T | undefined, ms = 60_000): Promise<T> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const v = probe();
    if (v !== undefined) return v;
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('webhooks through the gateway, fed by the real services', () => {
  let rx: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    rx = await receiver();
  });
  afterAll(() => rx.close());

  it('delivers signed message.status, invoice.paid and sub-account.changed events of the account', async () => {
    const owner = await signUpAndLogIn(http);
    const created = await http.post('/webhooks', {
      token: owner.accessToken,
      body: { url: `${rx.url}/owner`, events: ['message.status', 'invoice.paid', 'sub-account.changed'] },
    });
    expect(created.status).toBe(201);
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^whsec_/);
    const listed = await http.get('/webhooks', { token: owner.accessToken });
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(secret);
    expect(listed.body.items).toHaveLength(1);

    const invoiceId = await buyCredits(http, owner, 100);
    const paid = await eventually('invoice.paid', () =>
      rx.hits.find((h) => h.body.type === 'invoice.paid' && h.body.accountId === owner.accountId),
    );
    expect(paid.body.data).toMatchObject({ invoiceId, smsCount: 100 });

    const sent = await http.post('/sms', {
      token: owner.accessToken,
      body: { to: ['+393331234567'], text: 'Hook me' },
    });
    expect(sent.status).toBe(202);
    const status = await eventually('message.status', () =>
      rx.hits.find((h) => h.body.type === 'message.status' && h.body.accountId === owner.accountId),
    );
    expect(status.body.data).toMatchObject({ campaignId: sent.body.campaignId, status: 'delivered' });
    expect(Object.keys(status.body.data).sort()).toEqual(['at', 'campaignId', 'errorCode', 'messageId', 'status']);

    const sub = await createSubAccount(http, owner);
    const changed = await eventually('sub-account.changed', () =>
      rx.hits.find((h) => h.body.type === 'sub-account.changed' && h.body.accountId === owner.accountId),
    );
    expect(changed.body.data).toMatchObject({ subAccountId: sub.id, change: 'created' });

    for (const hit of rx.hits.filter((h) => h.body.accountId === owner.accountId)) {
      expect(verified(hit, secret)).toBe(true);
      expect(hit.headers['sms-event-id']).toBe(hit.body.id);
    }
    const deliveries = await http.get(`/webhooks/${created.body.id}/deliveries`, { token: owner.accessToken });
    expect(deliveries.status).toBe(200);
    expect(deliveries.body.items.length).toBeGreaterThanOrEqual(3);
    expect(deliveries.body.items[0]).toMatchObject({ status: 'delivered', responseStatus: 204 });
  });

  it("gives the owner's webhook a sub-account's message.status with its subAccountId; a sibling gets none of it", async () => {
    const owner = await signUpAndLogIn(http);
    await buyCredits(http, owner, 100);
    const [a, b] = [await createSubAccount(http, owner, 10), await createSubAccount(http, owner, 10)];
    const hook = async (token: string, path: string) => {
      const res = await http.post('/webhooks', {
        token,
        body: { url: `${rx.url}${path}`, events: ['message.status'] },
      });
      expect(res.status).toBe(201);
      return res.body.secret as string;
    };
    const ownerSecret = await hook(owner.accessToken, `/family-${owner.accountId}/owner`);
    await hook(b.managerToken, `/family-${owner.accountId}/b`);
    const sent = await http.post('/sms', { token: a.managerToken, body: { to: ['+393331234568'], text: 'From A' } });
    expect(sent.status).toBe(202);
    const got = await eventually("A's message.status at the owner's webhook", () =>
      rx.hits.find((h) => h.body.type === 'message.status' && h.body.data.campaignId === sent.body.campaignId),
    );
    expect(got.body).toMatchObject({ accountId: owner.accountId, subAccountId: a.id, data: { status: 'delivered' } });
    expect(verified(got, ownerSecret)).toBe(true);
    // B's own message proves its webhook is delivered to; A's never reached it.
    const own = await http.post('/sms', { token: b.managerToken, body: { to: ['+393331234569'], text: 'From B' } });
    expect(own.status).toBe(202);
    await eventually("B's own message.status", () =>
      rx.hits.find((h) => h.body.accountId === b.id && h.body.data.campaignId === own.body.campaignId),
    );
    const atB = rx.hits.filter((h) => h.body.accountId === b.id);
    expect(atB.map((h) => h.body.data.campaignId)).toEqual([own.body.campaignId]);
    expect(atB[0].body.subAccountId).toBe(b.id);
  });

  it('keeps a sub-account key to its sub-account, and refuses SSRF targets with a 400 problem', async () => {
    const owner = await signUpAndLogIn(http);
    const sub = await createSubAccount(http, owner);
    const key = await createApiKey(http, owner.accessToken, { scopes: ['webhooks:write'], subAccountId: sub.id });
    const made = await http.post('/webhooks', {
      ...withKey(key.secret),
      body: { url: `${rx.url}/sub`, events: ['sub-account.changed'] },
    });
    expect(made.status).toBe(201);
    expect((await http.get('/webhooks', { token: owner.accessToken })).body.items).toEqual([]);
    const mine = await http.get('/webhooks', { token: sub.managerToken });
    expect(mine.body.items.map((w: { id: string }) => w.id)).toEqual([made.body.id]);
    expect((await http.get(`/webhooks/${made.body.id}`, { token: owner.accessToken })).status).toBe(404);

    for (const url of ['https://169.254.169.254/latest/meta-data', 'https://10.0.0.1/x', 'ftp://example.com/x']) {
      const res = await http.post('/webhooks', { token: owner.accessToken, body: { url, events: ['balance.low'] } });
      expect([url, res.status, res.headers.get('content-type')]).toEqual([
        url,
        400,
        expect.stringContaining('problem+json'),
      ]);
      expect(res.body.errors?.[0]?.field).toBe('url');
    }
    const badEvent = await http.post('/webhooks', {
      token: owner.accessToken,
      body: { url: `${rx.url}/x`, events: ['message.sent'] },
    });
    expect(badEvent.status).toBe(400);
  });
});
