import { readFileSync } from 'node:fs';
import { Authenticator, nkeyAuthenticator } from 'nats';

/** What every NATS connection of a process adds to its options: who it is and its private inbox. */
export interface NatsAuthOptions {
  authenticator?: Authenticator;
  inboxPrefix?: string;
}

/**
 * The process's NATS identity from its environment: `NATS_NKEY_SEED` (or `NATS_NKEY_SEED_FILE`,
 * a file holding it) and `NATS_INBOX_PREFIX` (`_INBOX_<user>`, the only inbox its user may
 * subscribe to). Without a seed the connection is anonymous, which an authenticated server
 * refuses; `NODE_ENV=production` refuses to start without one, naming the variable.
 */
export function natsAuthOptions(env: NodeJS.ProcessEnv = process.env): NatsAuthOptions {
  const seed = env.NATS_NKEY_SEED?.trim() || readSeedFile(env.NATS_NKEY_SEED_FILE);
  if (!seed) {
    if (env.NODE_ENV === 'production') {
      throw new Error('NATS_NKEY_SEED (or NATS_NKEY_SEED_FILE) is required with NODE_ENV=production');
    }
    return {};
  }
  if (!/^SU[A-Z2-7]{56}$/.test(seed)) throw new Error('NATS_NKEY_SEED must be a user nkey seed (SU…)');
  const options: NatsAuthOptions = { authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)) };
  if (env.NATS_INBOX_PREFIX) options.inboxPrefix = env.NATS_INBOX_PREFIX;
  return options;
}

function readSeedFile(file: string | undefined): string | undefined {
  if (!file) return undefined;
  return readFileSync(file, 'utf8').trim();
}
