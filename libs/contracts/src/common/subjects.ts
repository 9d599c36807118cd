/**
 * Subject names are dotted and versioned (`identity.user.me.v1`) and bare: the NATS prefix
 * (env NATS_PREFIX, e.g. `t42.`) is a transport setting, applied by whoever publishes or
 * subscribes (RpcClient, the service's server strategy, libs/events), never baked in here.
 */
export function defineSubjects<const T extends Record<string, string>>(service: string, names: T): T {
  const out: Record<string, string> = {};
  for (const [key, name] of Object.entries(names)) out[key] = `${service}.${name}`;
  return out as T;
}

/** The queue group of a service under a transport prefix: replicas of one service share its requests. */
export function queueGroup(service: string, prefix = ''): string {
  return `${prefix}${service}`;
}
