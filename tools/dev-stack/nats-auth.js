// Authenticated NATS for the dev stack, the benchmarks and the chaos run: one nkey user per app with
// the subject permissions of libs/nats-auth (the one allow-list), a `harness` user for tools, and
// the gateway's actor-assertion key pair; all generated per stack, written next to the config.
'use strict';
const fs = require('fs');
const path = require('path');
const { REPO_ROOT } = require('./apps');

/** libs/nats-auth from dist/ (the stack runs the compiled apps; `npm run build` first). */
function loadNatsAuth() {
  const lib = path.join(REPO_ROOT, 'dist', 'libs', 'nats-auth', 'src', 'index.js');
  if (!fs.existsSync(lib)) throw new Error(`${path.relative(REPO_ROOT, lib)} is missing: run \`npm run build\` first`);
  require('../runtime/register-aliases');
  return require(lib);
}

/**
 * Generates the credentials and writes `<dir>/nats.conf` (mode 600, it names the users' public keys
 * only; seeds stay in memory and in the apps' environment).
 * Options: dir, port (-1: free, reported in `<dir>/*.ports`), storeDir, prefix (the stack's
 * NATS_PREFIX), cluster ({ name, port, routes }) for a node of a cluster, serverName.
 * Returns { confPath, creds, appEnv(app), harnessEnv, harnessConnectOptions() }.
 */
function prepareAuthNats({ dir, port, storeDir, prefix = '', cluster, serverName, host, creds }) {
  const natsAuth = loadNatsAuth();
  creds = creds || natsAuth.createStackCredentials();
  fs.mkdirSync(dir, { recursive: true });
  const confPath = path.join(dir, serverName ? `nats-${serverName}.conf` : 'nats.conf');
  const config = natsAuth.natsServerConfig({
    keys: creds.keys,
    prefix,
    host,
    port,
    storeDir,
    portsFileDir: port === -1 ? dir : undefined,
    cluster,
    serverName,
  });
  fs.writeFileSync(confPath, config, { mode: 0o600 });
  const harnessEnv = natsAuth.harnessCredentialsEnv(creds);
  return {
    confPath,
    creds,
    appEnv: (app) => natsAuth.appCredentialsEnv(creds, app),
    harnessEnv,
    /** For a tool's own `connect()`: the harness user (every permission). */
    harnessConnectOptions: () => natsAuth.natsAuthOptions(harnessEnv),
  };
}

/** The variables apps need when the broker is not ours (NATS_URL given): the actor-assertion keys only. */
function assertionOnlyEnv() {
  const natsAuth = loadNatsAuth();
  const creds = natsAuth.createStackCredentials();
  return {
    creds,
    appEnv: (app) => ({
      ACTOR_ASSERTION_PUBLIC_KEY: creds.actorPublicKey,
      ACTOR_ASSERTION_SIGNING_KEY: app === 'gateway' ? creds.actorSigningKey : '',
    }),
    harnessEnv: {
      ACTOR_ASSERTION_PUBLIC_KEY: creds.actorPublicKey,
      ACTOR_ASSERTION_SIGNING_KEY: creds.actorSigningKey,
    },
    harnessConnectOptions: () => ({}),
  };
}

module.exports = { loadNatsAuth, prepareAuthNats, assertionOnlyEnv };
