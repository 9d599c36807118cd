// A local NATS cluster: N nats-server nodes with routes to each other and JetStream, each with its
// own store. The one place that writes cluster configuration (the cluster test tier, the chaos
// --rolling run and `npm start` with DEV_STACK_NATS_CLUSTER=3 use it). These local nodes run without
// nkey users; docker compose's authenticated cluster is written by compose-nats.ts (libs/nats-auth).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Env, Log } from './apps';
import { findNatsServer, NatsNotInstalledError } from './nats';
import { findFreePort, waitForPort } from './net';
import { SupervisedProcess, spawnManaged, logLine } from './processes';

export interface NodeConfigOptions {
  name: string;
  clusterName: string;
  listen: string;
  clusterListen: string;
  storeDir: string;
  routes: readonly string[];
  monitor?: string;
}

/**
 * The configuration file of one node (nats-server's own format): client `listen`, JetStream in
 * `storeDir`, cluster `clusterName` on `clusterListen` with `routes` (URLs of every node's
 * cluster port; the server ignores the one that is itself), optional `monitor` (host:port).
 */
export function nodeConfig({
  name,
  clusterName,
  listen,
  clusterListen,
  storeDir,
  routes,
  monitor,
}: NodeConfigOptions): string {
  return [
    '# Written by tools/dev-stack/nats-cluster.ts; edit the generator, not this file.',
    `server_name: ${name}`,
    `listen: ${JSON.stringify(listen)}`,
    ...(monitor ? [`http: ${JSON.stringify(monitor)}`] : []),
    'jetstream {',
    `  store_dir: ${JSON.stringify(storeDir)}`,
    '  max_memory_store: 268435456',
    '  max_file_store: 2147483648',
    '}',
    'cluster {',
    `  name: ${clusterName}`,
    `  listen: ${JSON.stringify(clusterListen)}`,
    `  routes: [${routes.map((r) => JSON.stringify(r)).join(', ')}]`,
    '}',
    '',
  ].join('\n');
}

export interface ClusterNode {
  name: string;
  port: number;
  clusterPort: number;
  storeDir: string;
  configFile: string;
}

export interface ClusterPlan {
  clusterName: string;
  nodes: ClusterNode[];
  url: string;
}

/**
 * Plans a cluster of `size` nodes on free ports under `baseDir` (one store and one config per
 * node). Resolves { clusterName, nodes: [{ name, port, clusterPort, storeDir, configFile }], url }.
 */
export async function planNatsCluster({
  size = 3,
  baseDir,
  clusterName = 'sms',
}: {
  size?: number;
  baseDir: string;
  clusterName?: string;
}): Promise<ClusterPlan> {
  const nodes: ClusterNode[] = [];
  const taken = new Set([4222]);
  const freePort = async (): Promise<number> => {
    for (;;) {
      const port = await findFreePort(0);
      if (!taken.has(port)) {
        taken.add(port);
        return port;
      }
    }
  };
  for (let i = 1; i <= size; i++) {
    const name = `n${i}`;
    nodes.push({
      name,
      port: await freePort(),
      clusterPort: await freePort(),
      storeDir: path.join(baseDir, name, 'store'),
      configFile: path.join(baseDir, name, 'nats.conf'),
    });
  }
  const routes = nodes.map((n) => `nats-route://127.0.0.1:${n.clusterPort}`);
  for (const node of nodes) {
    fs.mkdirSync(node.storeDir, { recursive: true });
    const config = nodeConfig({
      name: node.name,
      clusterName,
      listen: `127.0.0.1:${node.port}`,
      clusterListen: `127.0.0.1:${node.clusterPort}`,
      storeDir: node.storeDir,
      routes,
    });
    fs.writeFileSync(node.configFile, config);
  }
  return { clusterName, nodes, url: nodes.map((n) => `nats://127.0.0.1:${n.port}`).join(',') };
}

/** The argv that starts `node` (its config file holds everything). */
export function nodeArgs(node: Pick<ClusterNode, 'configFile'>): string[] {
  return ['-c', node.configFile];
}

export interface StartedNatsCluster extends ClusterPlan {
  handles: SupervisedProcess[];
  stop(): Promise<unknown>;
}

/**
 * Starts a planned cluster with spawnManaged (output prefixed n1/n2/n3, or `quiet`), waits until
 * every node takes connections. Resolves { url, nodes, handles, stop() }.
 */
export async function startNatsCluster({
  size = 3,
  baseDir,
  env = process.env,
  quiet = false,
  log = defaultLog,
}: {
  size?: number;
  baseDir: string;
  env?: Env;
  quiet?: boolean;
  log?: Log;
}): Promise<StartedNatsCluster> {
  const bin = findNatsServer(env);
  if (!bin) throw new NatsNotInstalledError(4222);
  const plan = await planNatsCluster({ size, baseDir });
  const handles = plan.nodes.map((node) => spawnManaged(`nats-${node.name}`, bin, nodeArgs(node), { quiet }));
  const stop = (): Promise<unknown> => Promise.all(handles.map((h) => h.stop(10000)));
  try {
    await Promise.all(plan.nodes.map((node) => waitForPort(node.port, { timeoutMs: 20000 })));
  } catch (err) {
    await stop();
    throw err;
  }
  log(`NATS cluster of ${size} (JetStream) on ${plan.url} (stores under ${baseDir})`);
  return { ...plan, handles, stop };
}

function defaultLog(message: string): void {
  logLine('dev-stack', message);
}
