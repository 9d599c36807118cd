#!/usr/bin/env node
// For docker compose: generates the NATS users and the actor-assertion keys, writes
// .data/compose/nats-<node>.conf for each of the three cluster nodes (listen 0.0.0.0:4222, JetStream
// in /data, routes to the other two, one nkey user per app with its permissions) and .data/compose/<app>.env (the app's seed,
// inbox prefix and keys; the gateway's alone holds the signing key). NATS_PREFIX as the stack's.
// Run again to rotate everything (then recreate the containers):
//   npm run build && node dist/tools/dev-stack/compose-nats.js
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../runtime/paths';
import { PreparedAuthNats, prepareAuthNats } from './nats-auth';

export function main(): void {
  const dir = path.join(REPO_ROOT, '.data', 'compose');
  // The three cluster nodes of docker-compose.yml, the same users and permissions on each.
  const nodes = ['nats', 'nats-2', 'nats-3'];
  let auth: PreparedAuthNats | undefined;
  for (const node of nodes) {
    auth = prepareAuthNats({
      dir,
      host: '0.0.0.0',
      port: 4222,
      storeDir: '/data',
      prefix: process.env.NATS_PREFIX || '',
      serverName: node,
      cluster: { name: 'sms', host: '0.0.0.0', port: 6222, routes: nodes.map((n) => `nats-route://${n}:6222`) },
      creds: auth?.creds,
    });
    fs.chmodSync(auth.confPath, 0o644); // read by the container's user; it holds public keys only
  }
  if (!auth) return;
  for (const key of auth.creds.keys) {
    if (key.user === 'harness') continue;
    const env = auth.appEnv(key.user);
    const lines = Object.entries(env)
      .filter(([, v]) => v !== '')
      .map(([k, v]) => `${k}=${v}`);
    fs.writeFileSync(path.join(dir, `${key.user}.env`), `${lines.join('\n')}\n`, { mode: 0o600 });
  }
  process.stdout.write(
    `wrote ${nodes.length} node configurations and one env file per app in ${path.relative(REPO_ROOT, dir)}\n`,
  );
}

if (require.main === module) main();
