import {
  ActorAssertionSigner,
  ActorAssertionVerifier,
  generateActorAssertionKeys,
  publicKeyOf,
} from './actor-assertion';

describe('actor assertions', () => {
  const keys = generateActorAssertionKeys();
  const signer = ActorAssertionSigner.fromText(keys.signingKey);
  const verifier = ActorAssertionVerifier.fromText(keys.publicKey);
  const body = new TextEncoder().encode(
    JSON.stringify({ pattern: 'wallet.balance.get.v1', data: { actor: 'a' }, id: '1' }),
  );
  const now = 1_800_000_000_000;

  it('verifies what the gateway signed for that subject and those bytes', () => {
    expect(verifier.check(signer.sign('wallet.balance.get.v1', body, now), 'wallet.balance.get.v1', body, now)).toEqual(
      {
        ok: true,
      },
    );
  });

  it('refuses another subject, other bytes, an expired one, a foreign key, garbage and none', () => {
    const a = signer.sign('wallet.balance.get.v1', body, now);
    const other = new TextEncoder().encode(
      JSON.stringify({ pattern: 'wallet.balance.get.v1', data: { actor: 'b' }, id: '1' }),
    );
    expect(verifier.check(a, 'wallet.subaccount.credit.v1', body, now)).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifier.check(a, 'wallet.balance.get.v1', other, now)).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifier.check(a, 'wallet.balance.get.v1', body, now + 30_001)).toEqual({ ok: false, reason: 'expired' });
    const foreign = ActorAssertionSigner.fromText(generateActorAssertionKeys().signingKey).sign(
      'wallet.balance.get.v1',
      body,
      now,
    );
    expect(verifier.check(foreign, 'wallet.balance.get.v1', body, now)).toEqual({ ok: false, reason: 'bad signature' });
    // A later expiry written over a valid signature does not verify either.
    const [v, , sig] = a.split('.');
    expect(verifier.check(`${v}.${now + 50_000}.${sig}`, 'wallet.balance.get.v1', body, now)).toEqual({
      ok: false,
      reason: 'bad signature',
    });
    expect(verifier.check(`v1.${now + 10 * 60_000}.${sig}`, 'wallet.balance.get.v1', body, now).ok).toBe(false);
    expect(verifier.check('v1.x.y', 'wallet.balance.get.v1', body, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifier.check(undefined, 'wallet.balance.get.v1', body, now)).toEqual({ ok: false, reason: 'missing' });
  });

  it('answers the same off the event loop (signAsync, checkAsync)', async () => {
    const a = await signer.signAsync('wallet.balance.get.v1', body, now);
    expect(verifier.check(a, 'wallet.balance.get.v1', body, now)).toEqual({ ok: true });
    expect(await verifier.checkAsync(a, 'wallet.balance.get.v1', body, now)).toEqual({ ok: true });
    const other = new TextEncoder().encode('{}');
    expect(await verifier.checkAsync(a, 'wallet.balance.get.v1', other, now)).toEqual({
      ok: false,
      reason: 'bad signature',
    });
    expect(await verifier.checkAsync(a, 'wallet.subaccount.credit.v1', body, now)).toEqual({
      ok: false,
      reason: 'bad signature',
    });
    expect(await verifier.checkAsync(a, 'wallet.balance.get.v1', body, now + 30_001)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(await verifier.checkAsync('v1.x.y', 'wallet.balance.get.v1', body, now)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(await verifier.checkAsync(undefined, 'wallet.balance.get.v1', body, now)).toEqual({
      ok: false,
      reason: 'missing',
    });
  });

  it('reads keys as raw base64url or PEM, and derives the public key from the signing key', () => {
    expect(publicKeyOf(keys.signingKey)).toBe(keys.publicKey);
    expect(() => ActorAssertionSigner.fromText('short')).toThrow(/Ed25519/);
    expect(() => ActorAssertionVerifier.fromText('short')).toThrow(/Ed25519/);
  });
});
