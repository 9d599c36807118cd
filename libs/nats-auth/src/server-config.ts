import { NatsUserKey } from './user-keys';
import { permissionsFor } from './subject-permissions';

export interface NatsClusterOptions {
  name: string;
  host?: string;
  port: number;
  /** Other nodes' route URLs, `nats-route://127.0.0.1:6223`. */
  routes: string[];
}

export interface NatsServerConfigOptions {
  keys: readonly NatsUserKey[];
  /** NATS_PREFIX of the stack ('' production, '*.' a test server shared by prefixed spec files). */
  prefix: string;
  host?: string;
  /** -1: a free port, written to `portsFileDir`. */
  port: number;
  storeDir: string;
  portsFileDir?: string;
  serverName?: string;
  /** HTTP monitoring port (never on by default). */
  httpPort?: number;
  cluster?: NatsClusterOptions;
}

/**
 * A nats-server configuration (JSON, which nats-server reads as its own format): JetStream, one
 * nkey user per app with its subject permissions (subject-permissions.ts), no anonymous access
 * (no `no_auth_user`). Usable for each node of a cluster (`cluster.routes`).
 */
export function natsServerConfig(opts: NatsServerConfigOptions): string {
  const users = opts.keys.map((k) => {
    if (k.user === 'harness') return { nkey: k.publicKey };
    const perms = permissionsFor(k.user, opts.prefix);
    return {
      nkey: k.publicKey,
      permissions: {
        publish: perms.publish.deny.length ? perms.publish : { allow: perms.publish.allow },
        subscribe: { allow: perms.subscribe.allow },
        // Replies go to the requester's inbox, whoever it is, once per request received.
        allow_responses: true,
      },
    };
  });
  const config: Record<string, unknown> = {
    host: opts.host ?? '127.0.0.1',
    port: opts.port,
    max_payload: 1024 * 1024,
    jetstream: { store_dir: opts.storeDir },
    authorization: { users },
  };
  if (opts.serverName) config.server_name = opts.serverName;
  if (opts.portsFileDir) config.ports_file_dir = opts.portsFileDir;
  if (opts.httpPort !== undefined) config.http_port = opts.httpPort;
  if (opts.cluster) {
    config.cluster = {
      name: opts.cluster.name,
      host: opts.cluster.host ?? '127.0.0.1',
      port: opts.cluster.port,
      routes: opts.cluster.routes,
    };
  }
  return `${JSON.stringify(config, null, 2)}\n`;
}
