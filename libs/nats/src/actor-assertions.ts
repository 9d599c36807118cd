import { Problem } from '@sms/contracts';
import {
  ACTOR_ASSERTION_HEADER,
  ActorAssertionSigner,
  ActorAssertionVerifier,
  gatewayOnly,
  serviceAssertionKey,
} from '@sms/nats-auth';
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
      'ACTOR_ASSERTION_SIGNING_KEY is required: the key the gateway signs requests to services with',
    );
  }
  ActorAssertionSigner.fromText(env.ACTOR_ASSERTION_SIGNING_KEY);
}

/**
 * The verifying side: every service needs its own ACTOR_ASSERTION_KEY (derived from the gateway's
 * signing key for it, `serviceAssertionKey`), or it refuses to start. A process that holds the
 * signing key itself (a test harness running services in-process) derives the key of `service`.
 */
export function actorVerifierFromEnv(service: string, env: NodeJS.ProcessEnv = process.env): ActorAssertionGate {
  if (env.ACTOR_ASSERTION_PUBLIC_KEY && !env.ACTOR_ASSERTION_KEY) {
    throw new Error(
      'ACTOR_ASSERTION_PUBLIC_KEY is no longer read: set ACTOR_ASSERTION_KEY, this service\'s key derived from the ' +
        'gateway\'s ACTOR_ASSERTION_SIGNING_KEY (`npm start`, the tests and compose-nats.js generate them)',
    );
  }
  const key =
    env.ACTOR_ASSERTION_KEY ||
    (env.ACTOR_ASSERTION_SIGNING_KEY ? serviceAssertionKey(env.ACTOR_ASSERTION_SIGNING_KEY, service) : '');
  if (!key) {
    throw new Error(
      `ACTOR_ASSERTION_KEY is required: ${service}'s key for the gateway's assertions (derived from ACTOR_ASSERTION_SIGNING_KEY)`,
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

  /** `subject`: the handler's bare subject; the signature covers the wire subject (`msg.subject`). */
  refusal(subject: string, msg: Msg): Problem | undefined {
    const assertion = msg.headers?.get(ACTOR_ASSERTION_HEADER) || undefined;
    let required = this.required.get(subject);
    if (required === undefined) {
      required = gatewayOnly(subject);
      this.required.set(subject, required);
    }
    if (!assertion && !required) return undefined;
    const check = this.verifier.check(assertion, msg.subject, msg.data);
    if (check.ok) return undefined;
    return {
      status: 401,
      title: 'Unauthorized',
      detail: `The request carries no valid actor assertion (${check.reason}).`,
      code: 'actor-assertion-invalid',
    };
  }
}
