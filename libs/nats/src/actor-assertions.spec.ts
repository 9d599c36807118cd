import { ActorAssertionSigner, generateActorSigningKey, serviceAssertionKey } from '@sms/nats-auth';
import { headers, Msg } from 'nats';
import { actorVerifierFromEnv } from './actor-assertions';

describe('actorVerifierFromEnv', () => {
  const signingKey = generateActorSigningKey();
  const subject = 'identity.user.me.v1';
  const body = new TextEncoder().encode('{"pattern":"identity.user.me.v1","data":{},"id":"1"}');
  const msg = (assertion: string): Msg => {
    const h = headers();
    h.set('Actor-Assertion', assertion);
    return { subject, data: body, headers: h } as unknown as Msg;
  };
  const fromGateway = (service: string): Msg =>
    msg(ActorAssertionSigner.fromText(signingKey).sign(service, subject, body));

  it("takes the service's own ACTOR_ASSERTION_KEY and accepts what the gateway made for it alone", () => {
    const gate = actorVerifierFromEnv('identity', { ACTOR_ASSERTION_KEY: serviceAssertionKey(signingKey, 'identity') });
    expect(gate.refusal(subject, fromGateway('identity'))).toBeUndefined();
    expect(gate.refusal(subject, fromGateway('wallet'))).toEqual(
      expect.objectContaining({ status: 401, code: 'actor-assertion-invalid' }),
    );
  });

  it('derives its key from the signing key when only that is set (a harness running services in-process)', () => {
    const gate = actorVerifierFromEnv('identity', { ACTOR_ASSERTION_SIGNING_KEY: signingKey });
    expect(gate.refusal(subject, fromGateway('identity'))).toBeUndefined();
  });

  it('refuses to start without a key, or with only the retired public key, naming the variable', () => {
    expect(() => actorVerifierFromEnv('identity', {})).toThrow(/ACTOR_ASSERTION_KEY is required/);
    expect(() => actorVerifierFromEnv('identity', { ACTOR_ASSERTION_PUBLIC_KEY: 'x' })).toThrow(
      /ACTOR_ASSERTION_PUBLIC_KEY is no longer read/,
    );
  });
});
