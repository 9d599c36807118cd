import { generateActorSigningKey, serviceAssertionKey } from './actor-assertion';
import { NatsUser } from './subject-permissions';
import { createUserKeys, natsAppEnv, NatsUserKey } from './user-keys';

/** Everything a stack's NATS and apps need to trust each other, generated per stack. */
export interface StackCredentials {
  keys: NatsUserKey[];
  /** The gateway's actor-assertion signing key; each service gets its own key derived from it. */
  actorSigningKey: string;
}

export function createStackCredentials(): StackCredentials {
  return { keys: createUserKeys(), actorSigningKey: generateActorSigningKey() };
}

/**
 * An app's actor-assertion variables: the signing key for the gateway alone, its own derived key
 * (ACTOR_ASSERTION_KEY) for a service. Spawners set these over the shared environment (and must
 * not pass the harness's signing key to a service).
 */
export function actorAssertionEnv(signingKey: string, app: string): Record<string, string> {
  return app === 'gateway'
    ? { ACTOR_ASSERTION_SIGNING_KEY: signingKey, ACTOR_ASSERTION_KEY: '' }
    : { ACTOR_ASSERTION_SIGNING_KEY: '', ACTOR_ASSERTION_KEY: serviceAssertionKey(signingKey, app) };
}

/** An app's variables: its own NATS user and inbox, and its actor-assertion key (actorAssertionEnv). */
export function appCredentialsEnv(creds: StackCredentials, app: NatsUser): Record<string, string> {
  return { ...natsAppEnv(creds.keys, app), ...actorAssertionEnv(creds.actorSigningKey, app) };
}

/**
 * The test harness's variables (a superuser that plays the gateway: it signs what it sends, and
 * the services it runs in-process derive their own keys from its signing key).
 */
export function harnessCredentialsEnv(creds: StackCredentials): Record<string, string> {
  const harness = creds.keys.find((k) => k.user === 'harness');
  if (!harness) throw new Error('no harness key');
  return {
    NATS_NKEY_SEED: harness.seed,
    NATS_INBOX_PREFIX: '_INBOX',
    ACTOR_ASSERTION_SIGNING_KEY: creds.actorSigningKey,
    ACTOR_ASSERTION_KEY: '',
  };
}
