import { Problem } from '@sms/contracts';
import { ACTOR_ASSERTION_HEADER, ActorAssertionSigner, ActorAssertionVerifier, gatewayOnly } from '@sms/nats-auth';
import type { Msg } from 'nats';

/**
 * The signing side: ACTOR_ASSERTION_SIGNING_KEY is set for the gateway only (and for test
 * harnesses that play the gateway); every RpcClient of that process signs each request.
 */
export function actorSignerFromEnv(env: NodeJS.ProcessEnv = process.env): ActorAssertionSigner | undefined {
  const key = env.ACTOR_ASSERTION_SIGNING_KEY;
  return key ? ActorAssertionSigner.fromText(key) : undefined;
}

/**
 * The gateway's start-up check: ACTOR_ASSERTION_SIGNING_KEY set and readable, or an error naming
 * it (`npm start`, the tests and compose-nats.js generate one).
 */
export function requireActorSigningKey(env: NodeJS.ProcessEnv = process.env): void {
  if (!env.ACTOR_ASSERTION_SIGNING_KEY) {
    throw new Error(
      'ACTOR_ASSERTION_SIGNING_KEY is required: the Ed25519 key the gateway signs requests to services with',
    );
  }
  ActorAssertionSigner.fromText(env.ACTOR_ASSERTION_SIGNING_KEY);
}

/** The verifying side: every service needs ACTOR_ASSERTION_PUBLIC_KEY, or it refuses to start. */
export function actorVerifierFromEnv(env: NodeJS.ProcessEnv = process.env): ActorAssertionGate {
  const key = env.ACTOR_ASSERTION_PUBLIC_KEY;
  if (!key) {
    throw new Error(
      'ACTOR_ASSERTION_PUBLIC_KEY is required: the public key of the gateway signing requests (ACTOR_ASSERTION_SIGNING_KEY)',
    );
  }
  return new ActorAssertionGate(ActorAssertionVerifier.fromText(key));
}

/**
 * Decides, before a handler runs, whether a request may reach it. On subjects only the gateway
 * may call (the public API: NATS permissions keep every service off them, subject-permissions.ts)
 * a request needs the gateway's valid assertion over its exact bytes, so its `actor` is the one
 * the gateway took from a verified token. Subjects services call each other on are authorized by
 * the caller's NATS identity; an assertion on them is still checked when present.
 */
export class ActorAssertionGate {
  private readonly required = new Map<string, boolean>();

  constructor(private readonly verifier: ActorAssertionVerifier) {}

  /**
   * `subject`: the handler's bare subject; the signature covers the wire subject (`msg.subject`).
   * Undefined when the request needs no check (no assertion on a subject services call each other
   * on); otherwise the verdict, verified on libuv's thread pool (undefined: it may go on).
   */
  refusal(subject: string, msg: Msg): Promise<Problem | undefined> | undefined {
    const assertion = msg.headers?.get(ACTOR_ASSERTION_HEADER) || undefined;
    let required = this.required.get(subject);
    if (required === undefined) {
      required = gatewayOnly(subject);
      this.required.set(subject, required);
    }
    if (!assertion && !required) return undefined;
    return this.verifier.checkAsync(assertion, msg.subject, msg.data).then((check): Problem | undefined =>
      check.ok
        ? undefined
        : {
            status: 401,
            title: 'Unauthorized',
            detail: `The request carries no valid actor assertion (${check.reason}).`,
            code: 'actor-assertion-invalid',
          },
    );
  }
}
