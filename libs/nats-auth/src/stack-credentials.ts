import { generateActorAssertionKeys } from './actor-assertion';
import { NatsUser } from './subject-permissions';
import { createUserKeys, natsAppEnv, NatsUserKey } from './user-keys';

/** Everything a stack's NATS and apps need to trust each other, generated per stack. */
export interface StackCredentials {
  keys: NatsUserKey[];
  actorSigningKey: string;
  actorPublicKey: string;
}

export function createStackCredentials(): StackCredentials {
  const { signingKey, publicKey } = generateActorAssertionKeys();
  return { keys: createUserKeys(), actorSigningKey: signingKey, actorPublicKey: publicKey };
}

/**
 * An app's variables: its own NATS user and inbox, the gateway's public key, and for the gateway
 * alone the signing key. Spawners set these over the shared environment (and must not pass the
 * harness's own seed or the signing key to a service).
 */
export function appCredentialsEnv(creds: StackCredentials, app: NatsUser): Record<string, string> {
  return {
    ...natsAppEnv(creds.keys, app),
    ACTOR_ASSERTION_PUBLIC_KEY: creds.actorPublicKey,
    ACTOR_ASSERTION_SIGNING_KEY: app === 'gateway' ? creds.actorSigningKey : '',
  };
}

/**
 * The test harness's variables (a superuser that plays the gateway: it signs what it sends and
 * runs services in-process, so it holds the public key too).
 */
export function harnessCredentialsEnv(creds: StackCredentials): Record<string, string> {
  const harness = creds.keys.find((k) => k.user === 'harness');
  if (!harness) throw new Error('no harness key');
  return {
    NATS_NKEY_SEED: harness.seed,
    NATS_INBOX_PREFIX: '_INBOX',
    ACTOR_ASSERTION_PUBLIC_KEY: creds.actorPublicKey,
    ACTOR_ASSERTION_SIGNING_KEY: creds.actorSigningKey,
  };
}
