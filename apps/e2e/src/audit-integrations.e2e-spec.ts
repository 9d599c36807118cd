import { eventually, signUpAndLogIn, SignedUpUser } from '@sms/testing';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { e2eHttp } from './support/e2e-state';
import { addSender, uniqueName } from './support/senders';

const http = e2eHttp();
type Entry = {
  actor: { userId: string; role: string; accountId: string };
  action: string;
  target: { type: string; id: string };
  changes?: Record<string, { from: unknown; to: unknown }>;
};

function ok(res: { status: number; text: string }, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text}`);
}

/**
 * Who created a key or a webhook, who revoked, rotated or deleted it, who added or removed a
 * sender or an opted-out number, who cancelled a campaign: the integrators' operations are in
 * the audit log like the account's, and their secrets never are.
 */
describe('audit log: keys, webhooks, senders and opt-outs', () => {
  let owner: SignedUpUser;
  let receiver: Server;
  const secrets: string[] = [];
  const ids: Record<string, string> = {};
  const OPTED_OUT = '+393339876543';

  beforeAll(async () => {
    receiver = createServer((_req, res) => res.writeHead(200).end());
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    owner = await signUpAndLogIn(http);
    const token = owner.accessToken;

    const key = await http.post('/api-keys', { token, body: { name: 'negozio', scopes: ['sms:send'] } });
    ok(key, 201, 'api key');
    ids.key = key.body.id;
    secrets.push(key.body.secret);
    ok(await http.request('DELETE', `/api-keys/${ids.key}`, { token }), 204, 'revoke');

    const hook = await http.post('/webhooks', { token, body: { url, events: ['message.status'] } });
    ok(hook, 201, 'webhook');
    ids.hook = hook.body.id;
    secrets.push(hook.body.secret);
    ok(
      await http.request('PATCH', `/webhooks/${ids.hook}`, { token, body: { events: ['invoice.paid'] } }),
      200,
      'edit',
    );
    const rotated = await http.post(`/webhooks/${ids.hook}/rotate-secret`, { token });
    ok(rotated, 200, 'rotate');
    secrets.push(rotated.body.secret);
    ok(await http.request('DELETE', `/webhooks/${ids.hook}`, { token }), 204, 'delete webhook');

    const sender = await addSender(http, token, uniqueName('Audit'));
    ids.sender = sender.id;
    ok(await http.request('DELETE', `/account/senders/${ids.sender}`, { token }), 204, 'remove sender');

    ok(await http.post('/account/opt-outs', { token, body: { phone: OPTED_OUT } }), 201, 'opt-out');
    ok(
      await http.request('DELETE', `/account/opt-outs?phone=${encodeURIComponent(OPTED_OUT)}`, { token }),
      204,
      'opt back in',
    );
  });

  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

  async function read(): Promise<Entry[]> {
    const res = await http.get('/audit-log?limit=100', { token: owner.accessToken });
    expect(res.status).toBe(200);
    return res.body.items;
  }

  /** The log once the last operation's entry is in: entries are appended from the gateway's events. */
  async function entries(): Promise<Entry[]> {
    return eventually('the opt-out removal in the audit log', async () => {
      const log = await read();
      return log.some((e) => e.action === 'opt-out.remove') && log;
    });
  }

  it('records each operation once, by the owner, on its target', async () => {
    const log = await entries();
    const seen = (action: string) => log.filter((e) => e.action === action);
    const expected: [string, string, string][] = [
      ['api-key.create', 'api-key', ids.key],
      ['api-key.revoke', 'api-key', ids.key],
      ['webhook.create', 'webhook', ids.hook],
      ['webhook.update', 'webhook', ids.hook],
      ['webhook.rotate-secret', 'webhook', ids.hook],
      ['webhook.delete', 'webhook', ids.hook],
      ['sender.add', 'sender', ids.sender],
      ['sender.remove', 'sender', ids.sender],
      ['opt-out.add', 'account', owner.accountId],
      ['opt-out.remove', 'account', owner.accountId],
    ];
    for (const [action, type, id] of expected) {
      const found = seen(action);
      expect({ action, count: found.length }).toEqual({ action, count: 1 });
      expect(found[0].target).toEqual({ type, id });
      expect(found[0].actor).toMatchObject({ role: 'owner', userId: owner.userId, accountId: owner.accountId });
    }
    expect(seen('api-key.create')[0].changes).toMatchObject({
      name: { from: null, to: 'negozio' },
      scopes: { from: null, to: ['sms:send'] },
    });
    expect(seen('webhook.update')[0].changes).toMatchObject({ events: { from: null, to: ['invoice.paid'] } });
    expect(seen('opt-out.add')[0].changes).toEqual({ phone: { from: null, to: OPTED_OUT } });
    expect(seen('opt-out.remove')[0].changes).toEqual({ phone: { from: null, to: OPTED_OUT } });
  });

  it('never holds a key or signing secret', async () => {
    const raw = JSON.stringify(await entries());
    expect(secrets).toHaveLength(3);
    for (const secret of secrets) expect(raw).not.toContain(secret);
  });
});
