import { API_KEY_SECRET_PATTERN, SUB_ACCOUNT_KEY_SCOPES } from '@sms/contracts';
import { eventually, signUpAndLogIn, SignedUpUser } from '@sms/testing';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createApiKey, pollStatus, withKey } from './support/api-keys';
import { e2eHttp, e2eState } from './support/e2e-state';
import { buyCredits, createSubAccount, SubAccountFixture } from './support/fixtures';
import { expectProblem } from './support/problem';

const http = e2eHttp();

describe('API keys', () => {
  let owner: SignedUpUser;
  let branch: SubAccountFixture;
  let sibling: SubAccountFixture;

  beforeAll(async () => {
    owner = await signUpAndLogIn(http);
    await buyCredits(http, owner, 500);
    branch = await createSubAccount(http, owner, 40);
    sibling = await createSubAccount(http, owner, 7);
  }, 60_000);

  it('shows the secret once at creation, never in the list, and stores what it was given', async () => {
    const res = await http.post('/api-keys', {
      token: owner.accessToken,
      body: { name: 'Shop', scopes: ['sms:send', 'history:read'], expiresAt: '2099-01-01T00:00:00Z' },
    });
    expect(res.status).toBe(201);
    expect(res.body.secret).toMatch(API_KEY_SECRET_PATTERN);
    expect(res.body).toMatchObject({
      name: 'Shop',
      prefix: res.body.secret.slice(0, 12),
      scopes: ['sms:send', 'history:read'],
      subAccountId: null,
      lastUsedAt: null,
      expiresAt: '2099-01-01T00:00:00.000Z',
    });
    const list = await http.get('/api-keys', { token: owner.accessToken });
    expect(list.status).toBe(200);
    const mine = list.body.items.find((k: { id: string }) => k.id === res.body.id);
    expect(mine).toMatchObject({ name: 'Shop', prefix: res.body.prefix });
    expect(mine).not.toHaveProperty('secret');
    expect(list.text).not.toContain(res.body.secret);
    expect(list.text).not.toContain(res.body.secret.slice(12));
  });

  it('refuses bad input with a problem and creates nothing', async () => {
    const before = (await http.get('/api-keys', { token: owner.accessToken })).body.items.length as number;
    const bad = [
      { name: 'x', scopes: [] },
      { name: 'x', scopes: ['everything'] },
      { name: 'x', scopes: ['sms:send', 'sms:send'] },
      { name: '', scopes: ['sms:send'] },
      { name: 'x', scopes: ['sms:send'], expiresAt: '2001-01-01T00:00:00Z' },
      { name: 'x', scopes: ['sms:send'], expiresAt: 'tomorrow' },
      { name: 'x', scopes: ['sms:send'], subAccountId: 'nope' },
      { name: 'x', scopes: ['sms:send'], secret: 'sk_live_mine' },
    ];
    for (const body of bad) expectProblem(await http.post('/api-keys', { token: owner.accessToken, body }), 400);
    expect((await http.get('/api-keys', { token: owner.accessToken })).body.items).toHaveLength(before);
  });

  it('revokes within a second of the DELETE answer, after the key was cached', async () => {
    const key = await createApiKey(http, owner.accessToken, { scopes: ['balance:read'] });
    for (let i = 0; i < 3; i++) expect((await http.get('/account/balance', withKey(key.secret))).status).toBe(200);
    const del = await http.request('DELETE', `/api-keys/${key.id}`, { token: owner.accessToken });
    expect(del.status).toBe(204);
    const revokedAt = Date.now();
    const refused = await pollStatus(() => http.get('/account/balance', withKey(key.secret)), 401, 5_000);
    expect(Date.now() - revokedAt).toBeLessThan(1_000);
    expect(refused.body.code).toBe('api-key-invalid');
    const list = await http.get('/api-keys', { token: owner.accessToken });
    expect(list.body.items.map((k: { id: string }) => k.id)).not.toContain(key.id);
    // Revoked means gone: a second DELETE finds nothing.
    expect((await http.request('DELETE', `/api-keys/${key.id}`, { token: owner.accessToken })).status).toBe(404);
  });

  it('stops working at expiresAt', async () => {
    const expiresAt = Date.now() + 8_000;
    const key = await createApiKey(http, owner.accessToken, {
      scopes: ['balance:read'],
      expiresAt: new Date(expiresAt).toISOString(),
    });
    const first = await http.get('/account/balance', withKey(key.secret));
    const firstAt = Date.now();
    if (firstAt < expiresAt) expect(first.status).toBe(200);
    const refused = await pollStatus(() => http.get('/account/balance', withKey(key.secret)), 401, 30_000);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    expect(refused.body.code).toBe('api-key-invalid');
  }, 40_000);

  it('records lastUsedAt in batches after use', async () => {
    const key = await createApiKey(http, owner.accessToken, { scopes: ['balance:read'] });
    const usedFrom = Date.now();
    expect((await http.get('/account/balance', withKey(key.secret))).status).toBe(200);
    const deadline = Date.now() + 20_000;
    let lastUsedAt: string | null = null;
    while (Date.now() < deadline && !lastUsedAt) {
      const list = await http.get('/api-keys', { token: owner.accessToken });
      lastUsedAt = list.body.items.find((k: { id: string }) => k.id === key.id)?.lastUsedAt ?? null;
      if (!lastUsedAt) await new Promise((r) => setTimeout(r, 100));
    }
    expect(lastUsedAt).not.toBeNull();
    expect(Date.parse(lastUsedAt as string)).toBeGreaterThanOrEqual(usedFrom - 1_000);
  });

  it('limits requests per key, not per caller', async () => {
    const limit = Number(e2eState().env.API_KEY_RATE_LIMIT_PER_MINUTE);
    expect(limit).toBeGreaterThan(0);
    const hammered = await createApiKey(http, owner.accessToken, { scopes: ['balance:read'] });
    const other = await createApiKey(http, owner.accessToken, { scopes: ['balance:read'] });
    // GET /me is closed to keys (403) and never leaves the gateway, so the loop is cheap; it still counts.
    for (let i = 0; i < limit; i++) expect((await http.get('/me', withKey(hammered.secret))).status).toBe(403);
    const limited = await http.get('/account/balance', withKey(hammered.secret));
    expectProblem(limited, 429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await http.get('/account/balance', withKey(other.secret))).status).toBe(200);
    expect((await http.get('/account/balance', { token: owner.accessToken })).status).toBe(200);
  });

  describe('bound to a sub-account', () => {
    it('acts as that sub-account and cannot touch the parent or a sibling', async () => {
      const key = await createApiKey(http, owner.accessToken, {
        scopes: [...SUB_ACCOUNT_KEY_SCOPES],
        subAccountId: branch.id,
      });
      const balance = await http.get('/account/balance', withKey(key.secret));
      expect(balance.body).toEqual({ credits: 40, unlimited: false });
      // Its sends are charged to the sub-account, and its history holds only the sub-account's.
      const sent = await http.post('/sms', {
        ...withKey(key.secret),
        body: { to: ['+393331112223'], text: 'Bound key' },
      });
      expect(sent.status).toBe(202);
      expect((await http.get('/account/balance', withKey(key.secret))).body.credits).toBe(
        40 - sent.body.creditsCharged,
      );
      const ownerSent = await http.post('/sms', {
        token: owner.accessToken,
        body: { to: ['+393331112224'], text: 'Owner itself' },
      });
      expect(ownerSent.status).toBe(202);
      // History is a projection of events: the owner's message is read once it is there for the
      // owner, so its absence from the key's history is the scope's doing, not the projection's lag.
      const campaignsOf = async (auth: Parameters<typeof http.get>[1]): Promise<string[]> => {
        const history = await http.get('/history', auth);
        expect(history.status).toBe(200);
        return history.body.items.map((m: { campaignId: string }) => m.campaignId);
      };
      await eventually("the owner's message in its history", async () =>
        (await campaignsOf({ token: owner.accessToken })).includes(ownerSent.body.campaignId),
      );
      await eventually("the key's message in its history", async () =>
        (await campaignsOf(withKey(key.secret))).includes(sent.body.campaignId),
      );
      expect(await campaignsOf(withKey(key.secret))).not.toContain(ownerSent.body.campaignId);
      // The parent's and a sibling's data stay out of reach.
      expect((await http.get(`/sub-accounts/${sibling.id}/history`, withKey(key.secret))).status).toBe(404);
      expect((await http.get(`/sub-accounts/${branch.id}/history`, withKey(key.secret))).status).toBe(404);
      expect((await http.get('/invoices', withKey(key.secret))).status).toBe(403);
      expect((await http.get('/sub-accounts', withKey(key.secret))).status).toBe(403);
      expect((await http.get('/api-keys', withKey(key.secret))).status).toBe(403);
    });

    it('cannot be given more than a manager may do', async () => {
      const res = await http.post('/api-keys', {
        token: owner.accessToken,
        body: { name: 'x', scopes: ['sub-accounts:write'], subAccountId: branch.id },
      });
      expectProblem(res, 422);
      expect(res.body.code).toBe('scope-beyond-sub-account');
    });

    it('is refused once its sub-account is deactivated, and again usable once it is activated', async () => {
      const branch2 = await createSubAccount(http, owner, 0);
      const key = await createApiKey(http, owner.accessToken, { scopes: ['balance:read'], subAccountId: branch2.id });
      expect((await http.get('/account/balance', withKey(key.secret))).status).toBe(200);
      expect((await http.post(`/sub-accounts/${branch2.id}/deactivate`, { token: owner.accessToken })).status).toBe(
        200,
      );
      await pollStatus(() => http.get('/account/balance', withKey(key.secret)), 401, 5_000);
      expect((await http.post(`/sub-accounts/${branch2.id}/activate`, { token: owner.accessToken })).status).toBe(200);
      // Back within the cache lifetime (a refusal is cached like an answer).
      await pollStatus(() => http.get('/account/balance', withKey(key.secret)), 200, 60_000);
    }, 90_000);
  });

  describe('created by a sub-account manager', () => {
    it('binds the key to its own sub-account, within its rights, and lets only owners revoke', async () => {
      const res = await http.post('/api-keys', {
        token: branch.managerToken,
        body: { name: 'Branch till', scopes: ['sms:send', 'balance:read'] },
      });
      expect(res.status).toBe(201);
      expect(res.body.subAccountId).toBe(branch.id);
      expect((await http.get('/account/balance', withKey(res.body.secret))).body.unlimited).toBe(false);

      const beyond = await http.post('/api-keys', {
        token: branch.managerToken,
        body: { name: 'x', scopes: ['invoices:read'] },
      });
      expectProblem(beyond, 403);
      const sibling = await http.post('/api-keys', {
        token: branch.managerToken,
        body: { name: 'x', scopes: ['sms:send'], subAccountId: (await createSubAccount(http, owner)).id },
      });
      expectProblem(sibling, 404);

      const managerList = await http.get('/api-keys', { token: branch.managerToken });
      expect(managerList.body.items.length).toBeGreaterThan(0);
      expect(managerList.body.items.every((k: { subAccountId: string }) => k.subAccountId === branch.id)).toBe(true);
      const ownerList = await http.get('/api-keys', { token: owner.accessToken });
      expect(ownerList.body.items.map((k: { id: string }) => k.id)).toContain(res.body.id);
      expect(ownerList.body.items.some((k: { subAccountId: string | null }) => k.subAccountId === null)).toBe(true);

      expectProblem(await http.request('DELETE', `/api-keys/${res.body.id}`, { token: branch.managerToken }), 403);
      expect((await http.request('DELETE', `/api-keys/${res.body.id}`, { token: owner.accessToken })).status).toBe(204);
    });
  });

  it('never writes a secret to any app log', async () => {
    const key = await createApiKey(http, owner.accessToken, { scopes: ['balance:read'] });
    const requestId = `key-log-${Date.now()}`;
    expect((await http.get('/account/balance', withKey(key.secret, { 'x-request-id': requestId }))).status).toBe(200);
    expect((await http.get('/me', withKey(key.secret))).status).toBe(403);
    const { logDir } = e2eState();
    // Wait for the positive signal (the request's own access-log line), then scan every log.
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !readFileSync(path.join(logDir, 'gateway.log'), 'utf8').includes(requestId)) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const logs = readdirSync(logDir).map((f) => [f, readFileSync(path.join(logDir, f), 'utf8')] as const);
    expect(logs.length).toBeGreaterThanOrEqual(7);
    expect(logs.some(([, text]) => text.includes(requestId))).toBe(true);
    for (const [file, text] of logs) {
      expect({ file, leaked: text.includes(key.secret.slice(8)) }).toEqual({ file, leaked: false });
      expect({ file, anyKey: /sk_live_[A-Za-z0-9_-]{20,}/.test(text) }).toEqual({ file, anyKey: false });
    }
  });
});
