/**
 * Subject names are dotted and versioned (`identity.user.me.v1`). A per-process prefix
 * (env NATS_PREFIX, e.g. `t42.`) is applied when the contracts are loaded, so a test run
 * and a dev stack sharing one NATS server never answer each other's requests.
 */
export function natsPrefix(): string {
  return process.env.NATS_PREFIX ?? '';
}

export function defineSubjects<const T extends Record<string, string>>(service: string, names: T): T {
  const prefix = natsPrefix();
  const out: Record<string, string> = {};
  for (const [key, name] of Object.entries(names)) out[key] = `${prefix}${service}.${name}`;
  return out as T;
}

/** The queue group of a service: replicas of one service share its requests. */
export function queueGroup(service: string): string {
  return `${natsPrefix()}${service}`;
}
