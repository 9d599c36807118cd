import { nkeys } from 'nats';
import { inboxPrefixOf, NATS_USERS, NatsUser } from './subject-permissions';

/** A NATS user's key pair: the server knows the public key, the process holds the seed. */
export interface NatsUserKey {
  user: NatsUser | 'harness';
  publicKey: string;
  seed: string;
}

interface KeyPair {
  getPublicKey(): string;
  getSeed(): Uint8Array;
}

export function createUserKey(user: NatsUser | 'harness'): NatsUserKey {
  const kp = (nkeys as { createUser(): KeyPair }).createUser();
  return { user, publicKey: kp.getPublicKey(), seed: new TextDecoder().decode(kp.getSeed()) };
}

/**
 * One key per app (gateway and each service) plus `harness`, a user with every permission for
 * test harnesses, benchmarks and operators' tools, never given to an app.
 */
export function createUserKeys(): NatsUserKey[] {
  return [...NATS_USERS.map(createUserKey), createUserKey('harness')];
}

/** The variables an app's process needs to connect as its user. */
export function natsAppEnv(keys: readonly NatsUserKey[], user: NatsUser): Record<string, string> {
  const key = keys.find((k) => k.user === user);
  if (!key) throw new Error(`no NATS key for ${user}`);
  return { NATS_NKEY_SEED: key.seed, NATS_INBOX_PREFIX: inboxPrefixOf(user) };
}
