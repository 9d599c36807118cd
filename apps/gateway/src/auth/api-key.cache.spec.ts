import { Actor, ResolveApiKeyResult } from '@sms/contracts';
import { randomBytes } from 'node:crypto';
import { GatewayEnv } from '../gateway-env';
import { RpcClient } from '@sms/nats';
import { ApiKeyCache } from './api-key.cache';

const actor: Actor = {
  userId: '6f1c1c52-0f7e-4c55-9d1e-0d6e0a3c2b11',
  accountId: '0b5c5b0e-8f1e-4c3a-9d61-2f0a7f1c9e21',
  role: 'owner',
};
const KEY_ID = '5d7a4f0e-2b1c-4e8a-9f3d-6c2b1a0e9f88';
const secret = () => `sk_live_${randomBytes(32).toString('base64url')}`;
const live = (expiresAt: string | null = null): ResolveApiKeyResult => ({
  key: { id: KEY_ID, scopes: ['balance:read'], actor, expiresAt },
});

/** Identity stand-in: answers from a queue (the last answer repeats) and counts the questions. */
function fakeIdentity(answers: ResolveApiKeyResult[], onAsk?: () => void) {
  const calls: unknown[] = [];
  const client = {
    send: async (_subject: string, payload: unknown) => {
      calls.push(payload);
      onAsk?.();
      await new Promise((r) => setImmediate(r));
      return answers.length > 1 ? answers.shift() : answers[0];
    },
  } as unknown as RpcClient;
  return { client, calls };
}

function cacheWith(client: RpcClient, ttl = 30_000): ApiKeyCache {
  const env = new GatewayEnv();
  env.API_KEY_CACHE_TTL_MS = ttl;
  return new ApiKeyCache(env, client);
}

describe('ApiKeyCache', () => {
  it('asks identity once for a warm key, then never again within the TTL', async () => {
    const { client, calls } = fakeIdentity([live()]);
    const cache = cacheWith(client);
    const s = secret();
    for (let i = 0; i < 1000; i++) expect((await cache.resolve(s))?.id).toBe(KEY_ID);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual({ secretHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(calls[0])).not.toContain(s);
  });

  it('shares one question between concurrent first uses', async () => {
    const { client, calls } = fakeIdentity([live()]);
    const cache = cacheWith(client);
    const s = secret();
    const got = await Promise.all(Array.from({ length: 20 }, () => cache.resolve(s)));
    expect(got.filter((p) => p?.id === KEY_ID)).toHaveLength(20);
    expect(calls).toHaveLength(1);
  });

  it('refuses malformed secrets without asking, and remembers unknown ones', async () => {
    const { client, calls } = fakeIdentity([{ key: null }]);
    const cache = cacheWith(client);
    expect(await cache.resolve('sk_live_short')).toBeNull();
    expect(await cache.resolve('Bearer whatever')).toBeNull();
    expect(calls).toHaveLength(0);
    const s = secret();
    expect(await cache.resolve(s)).toBeNull();
    expect(await cache.resolve(s)).toBeNull();
    expect(calls).toHaveLength(1);
  });

  it('asks again after a revocation broadcast, and after the TTL', async () => {
    const { client, calls } = fakeIdentity([live(), { key: null }, live()]);
    const cache = cacheWith(client, 1_000);
    const s = secret();
    expect(await cache.resolve(s)).not.toBeNull();
    cache.forget([KEY_ID]);
    expect(await cache.resolve(s)).toBeNull();
    expect(calls).toHaveLength(2);
    expect(await cache.resolve(s, Date.now() + 1_001)).not.toBeNull();
    expect(calls).toHaveLength(3);
  });

  it('forgets a refusal that names the key (a sub-account activated again)', async () => {
    const { client, calls } = fakeIdentity([{ key: null, refusedKeyId: KEY_ID }, live()]);
    const cache = cacheWith(client);
    const s = secret();
    expect(await cache.resolve(s)).toBeNull();
    expect(await cache.resolve(s)).toBeNull();
    cache.forget([KEY_ID]);
    expect((await cache.resolve(s))?.id).toBe(KEY_ID);
    expect(calls).toHaveLength(2);
  });

  it('discards an answer that was in flight when the key was revoked, and asks again', async () => {
    const holder: { cache?: ApiKeyCache } = {};
    let asked = 0;
    const { client, calls } = fakeIdentity([live(), { key: null }], () => {
      // The broadcast lands while identity's first (stale) answer is on its way.
      if (asked++ === 0) holder.cache?.forget([KEY_ID]);
    });
    const cache = (holder.cache = cacheWith(client));
    const s = secret();
    expect(await cache.resolve(s)).toBeNull();
    expect(calls).toHaveLength(2);
  });

  it('refuses a cached key once its expiry has passed', async () => {
    const { client } = fakeIdentity([live(new Date(Date.now() - 1).toISOString())]);
    expect(await cacheWith(client).resolve(secret())).toBeNull();
  });
});
