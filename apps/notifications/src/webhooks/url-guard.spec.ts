import { AllowedHosts, checkWebhookTarget, isBlockedAddress, Resolver, sharedLookups } from './url-guard';

const none = new AllowedHosts('');
const resolvesTo =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('webhook URL guard (SSRF)', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00:ec2::254',
    'fc00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::10.0.0.1',
  ])('blocks %s', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::6810:84e5'])('lets %s through', (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });

  it('requires https, except for allowed hosts', async () => {
    await expect(checkWebhookTarget('http://example.com/x', none, resolvesTo('93.184.216.34'))).rejects.toMatchObject({
      code: 'webhook-url-not-https',
    });
    await expect(checkWebhookTarget('ftp://example.com/x', none, resolvesTo('93.184.216.34'))).rejects.toMatchObject({
      code: 'webhook-url-not-https',
    });
    const allowed = new AllowedHosts('localhost:8080,hooks.test');
    await expect(
      checkWebhookTarget('http://localhost:8080/x', allowed, resolvesTo('127.0.0.1')),
    ).resolves.toMatchObject({
      address: '127.0.0.1',
      allowedHost: true,
    });
    // Allowed on that port only.
    await expect(checkWebhookTarget('http://localhost:9090/x', allowed, resolvesTo('127.0.0.1'))).rejects.toMatchObject(
      {
        code: 'webhook-url-not-https',
      },
    );
    await expect(checkWebhookTarget('https://hooks.test:1/x', allowed, resolvesTo('10.0.0.1'))).resolves.toMatchObject({
      address: '10.0.0.1',
    });
  });

  it('refuses literal private addresses and names resolving to one (any of their addresses)', async () => {
    for (const url of [
      'https://127.0.0.1/x',
      'https://10.0.0.8/x',
      'https://169.254.169.254/latest',
      'https://[::1]/x',
    ]) {
      await expect(checkWebhookTarget(url, none, resolvesTo('93.184.216.34'))).rejects.toMatchObject({
        code: 'webhook-url-blocked',
      });
    }
    await expect(checkWebhookTarget('https://localtest.me/x', none, resolvesTo('127.0.0.1'))).rejects.toMatchObject({
      code: 'webhook-url-blocked',
    });
    await expect(
      checkWebhookTarget('https://mixed.example/x', none, resolvesTo('93.184.216.34', '10.0.0.1')),
    ).rejects.toMatchObject({ code: 'webhook-url-blocked' });
  });

  it('checks again at every call (a name rebound to loopback after creation is refused)', async () => {
    let answer = '93.184.216.34';
    const rebinding: Resolver = async () => [{ address: answer, family: 4 }];
    await expect(checkWebhookTarget('https://rebind.example/x', none, rebinding)).resolves.toMatchObject({
      address: '93.184.216.34',
    });
    answer = '127.0.0.1';
    await expect(checkWebhookTarget('https://rebind.example/x', none, rebinding)).rejects.toMatchObject({
      code: 'webhook-url-blocked',
    });
  });

  it('refuses credentials in the URL and unresolvable hosts', async () => {
    await expect(
      checkWebhookTarget('https://u:p@example.com/', none, resolvesTo('93.184.216.34')),
    ).rejects.toMatchObject({
      code: 'webhook-url-invalid',
    });
    const nx: Resolver = async () => {
      throw Object.assign(new Error('nx'), { code: 'ENOTFOUND' });
    };
    await expect(checkWebhookTarget('https://nx.example/', none, nx)).rejects.toMatchObject({
      code: 'webhook-url-unresolvable',
    });
    await expect(checkWebhookTarget('not a url', none, nx)).rejects.toMatchObject({ code: 'webhook-url-invalid' });
  });

  it('shares the lookups of one host that overlap, and keeps none: a rebinding after one is seen by the next', async () => {
    const calls: string[] = [];
    let answer = '93.184.216.34';
    const pending: (() => void)[] = [];
    const slow: Resolver = (host) => {
      calls.push(host);
      const address = answer;
      return new Promise((resolve) => pending.push(() => resolve([{ address, family: 4 }])));
    };
    const shared = sharedLookups(slow);
    const together = [1, 2, 3].map(() => checkWebhookTarget('https://rebind.example/x', none, shared));
    const other = checkWebhookTarget('https://other.example/x', none, shared);
    expect(calls).toEqual(['rebind.example', 'other.example']);
    for (const done of pending.splice(0)) done();
    expect((await Promise.all(together)).map((t) => t.address)).toEqual(Array(3).fill('93.184.216.34'));
    await expect(other).resolves.toMatchObject({ address: '93.184.216.34' });
    answer = '127.0.0.1';
    const later = checkWebhookTarget('https://rebind.example/x', none, shared);
    expect(calls).toEqual(['rebind.example', 'other.example', 'rebind.example']);
    for (const done of pending.splice(0)) done();
    await expect(later).rejects.toMatchObject({ code: 'webhook-url-blocked' });
  });
});
