import { AppStack, REPO_ROOT } from '@sms/testing';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';

// Two gateway processes (no services needed: every request here is refused by the limits or by
// validation before anything is sent over NATS) counting in the same Redis.
describe('rate limits shared by gateway replicas', () => {
  const run = randomUUID().slice(0, 8);
  const common = {
    NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    NATS_PREFIX: `rl${run}.`,
    LOG_LEVEL: 'warn',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `test:rl:${run}:`,
    AUTH_RATE_LIMIT_PER_MINUTE: '4',
  };
  // A sits behind a proxy on loopback (TRUST_PROXY); B trusts nobody.
  const a = new AppStack({ ...common, TRUST_PROXY: '127.0.0.1' }, path.join(REPO_ROOT, 'tmp/test-logs', `rl-${run}-a`));
  const b = new AppStack(common, path.join(REPO_ROOT, 'tmp/test-logs', `rl-${run}-b`));
  let baseA: string;
  let baseB: string;

  beforeAll(async () => {
    a.spawn('gateway');
    b.spawn('gateway');
    [baseA, baseB] = await Promise.all([a.waitForGatewayPort(), b.waitForGatewayPort()]);
  });

  afterAll(async () => {
    await Promise.all([a.stop(), b.stop()]);
  });

  const post = async (base: string, route: string, forwardedFor?: string) => {
    const res = await fetch(`${base}/api/v1${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      body: '{}',
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after') };
  };

  it('counts one client across both gateways: the fifth request, on either, is 429 with Retry-After', async () => {
    const statuses = [
      (await post(baseA, '/auth/refresh')).status,
      (await post(baseB, '/auth/refresh')).status,
      (await post(baseA, '/auth/refresh')).status,
      (await post(baseB, '/auth/refresh')).status,
    ];
    expect(statuses).toEqual([400, 400, 400, 400]);
    const fifth = await post(baseB, '/auth/refresh');
    expect(fifth.status).toBe(429);
    expect(Number(fifth.retryAfter)).toBeGreaterThan(0);
    await expect(post(baseA, '/auth/refresh')).resolves.toMatchObject({ status: 429 });
  });

  it('honours X-Forwarded-For only from a proxy named in TRUST_PROXY', async () => {
    // Behind the trusted proxy each forwarded client has its own count.
    for (let i = 0; i < 4; i++)
      await expect(post(baseA, '/auth/signup', '203.0.113.1')).resolves.toMatchObject({ status: 400 });
    await expect(post(baseA, '/auth/signup', '203.0.113.1')).resolves.toMatchObject({ status: 429 });
    await expect(post(baseA, '/auth/signup', '203.0.113.2')).resolves.toMatchObject({ status: 400 });
    // B trusts nobody: a forged header per request does not escape the peer's count.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(baseB, '/auth/signup', `198.51.100.${i}`)).status);
    expect(statuses).toEqual([400, 400, 400, 400, 429]);
  });

  it('keys IPv6 clients by their /64: rotating addresses inside it does not help', async () => {
    const route = '/auth/password-reset/confirm';
    for (let i = 1; i <= 4; i++) {
      await expect(post(baseA, route, `2001:db8:1:2::${i.toString(16)}`)).resolves.toMatchObject({ status: 400 });
    }
    await expect(post(baseA, route, '2001:db8:1:2:ffff:ffff:ffff:ffff')).resolves.toMatchObject({ status: 429 });
    await expect(post(baseB, route, '2001:db8:1:2::99')).resolves.toMatchObject({ status: 400 }); // B: the peer
    await expect(post(baseA, route, '2001:db8:1:3::1')).resolves.toMatchObject({ status: 400 });
  });
});
