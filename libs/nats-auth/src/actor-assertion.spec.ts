import {
  ActorAssertionSigner,
  ActorAssertionVerifier,
  generateActorSigningKey,
  serviceAssertionKey,
} from './actor-assertion';

describe('actor assertions', () => {
  const signingKey = generateActorSigningKey();
  const signer = ActorAssertionSigner.fromText(signingKey);
  const wallet = ActorAssertionVerifier.fromText(serviceAssertionKey(signingKey, 'wallet'));
  const body = new TextEncoder().encode(
    JSON.stringify({ pattern: 'wallet.balance.get.v1', data: { actor: 'a' }, id: '1' }),
  );
  const now = 1_800_000_000_000;

  it('verifies what the gateway made for that service, subject and bytes', () => {
    const a = signer.sign('wallet', 'wallet.balance.get.v1', body, now);
    expect(wallet.check(a, 'wallet.balance.get.v1', body, now)).toEqual({ ok: true });
  });

  it('refuses another subject, other bytes, an expired one, a foreign key, garbage and none', () => {
    const a = signer.sign('wallet', 'wallet.balance.get.v1', body, now);
    const other = new TextEncoder().encode(
      JSON.stringify({ pattern: 'wallet.balance.get.v1', data: { actor: 'b' }, id: '1' }),
    );
    expect(wallet.check(a, 'wallet.subaccount.credit.v1', body, now)).toEqual({ ok: false, reason: 'bad signature' });
    expect(wallet.check(a, 'wallet.balance.get.v1', other, now)).toEqual({ ok: false, reason: 'bad signature' });
    expect(wallet.check(a, 'wallet.balance.get.v1', body, now + 30_001)).toEqual({ ok: false, reason: 'expired' });
    const foreign = ActorAssertionSigner.fromText(generateActorSigningKey()).sign(
      'wallet',
      'wallet.balance.get.v1',
      body,
      now,
    );
    expect(wallet.check(foreign, 'wallet.balance.get.v1', body, now)).toEqual({ ok: false, reason: 'bad signature' });
    // A later expiry written over a valid MAC does not verify either.
    const [v, , mac] = a.split('.');
    expect(wallet.check(`${v}.${now + 50_000}.${mac}`, 'wallet.balance.get.v1', body, now)).toEqual({
      ok: false,
      reason: 'bad signature',
    });
    expect(wallet.check(`v2.${now + 10 * 60_000}.${mac}`, 'wallet.balance.get.v1', body, now).ok).toBe(false);
    expect(wallet.check('v2.x.y', 'wallet.balance.get.v1', body, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(wallet.check(`v1.${now}.${mac}`, 'wallet.balance.get.v1', body, now)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(wallet.check(undefined, 'wallet.balance.get.v1', body, now)).toEqual({ ok: false, reason: 'missing' });
  });

  it("a service's key makes nothing another service accepts", () => {
    // What a compromised identity could make with its own key, for a wallet subject:
    const byIdentity = signer.sign('identity', 'wallet.balance.get.v1', body, now);
    expect(wallet.check(byIdentity, 'wallet.balance.get.v1', body, now)).toEqual({ ok: false, reason: 'bad signature' });
    // ...and the keys themselves differ per service and never equal the signing key.
    const keys = ['wallet', 'identity', 'messaging'].map((s) => serviceAssertionKey(signingKey, s));
    expect(new Set([...keys, signingKey]).size).toBe(4);
  });

  it('reads keys as 32 bytes in base64url, and refuses anything else', () => {
    expect(() => ActorAssertionSigner.fromText('short')).toThrow(/ACTOR_ASSERTION_SIGNING_KEY is 32 random bytes/);
    expect(() => ActorAssertionVerifier.fromText('short')).toThrow(/ACTOR_ASSERTION_KEY is 32 random bytes/);
  });
});
