// The JavaScript tools the chaos suite builds on (tools/dev-stack, tools/db: other owners, not
// converted yet), typed here as far as the suite uses them: a local interface per module over its
// CommonJS exports. When those modules become TypeScript, these bindings give way to imports.
import type { ConnectionOptions } from 'nats';

export interface NatsAuthSetup {
  confPath?: string;
  appEnv(app: string): NodeJS.ProcessEnv;
  harnessEnv: NodeJS.ProcessEnv;
  /** For a tool's own `connect()`: the harness user (every permission). */
  harnessConnectOptions(): Partial<ConnectionOptions>;
}

export interface ClusterNode {
  name: string;
  port: number;
  clusterPort: number;
  storeDir: string;
  configFile: string;
}

interface AppsModule {
  REPO_ROOT: string;
  SERVICE_APPS: string[];
  appMain(app: string): string;
  replicaName(app: string, i: number, replicas: number): string;
  waitForReady(
    url: string,
    o: { timeoutMs?: number; intervalMs?: number; services?: string[]; shouldAbort?: () => string | null },
  ): Promise<unknown>;
}
interface NatsModule {
  findNatsServer(env?: NodeJS.ProcessEnv): string | null;
}
interface NatsAuthModule {
  prepareAuthNats(o: { dir: string; port: number; storeDir: string; prefix?: string }): NatsAuthSetup;
  assertionOnlyEnv(): NatsAuthSetup;
}
interface NetModule {
  findFreePort(preferred: number, host?: string): Promise<number>;
  waitForPort(
    port: number,
    o?: { host?: string; timeoutMs?: number; intervalMs?: number; shouldAbort?: () => string | null },
  ): Promise<void>;
}
interface NatsClusterModule {
  planNatsCluster(o: {
    size?: number;
    baseDir: string;
  }): Promise<{ clusterName: string; nodes: ClusterNode[]; url: string }>;
  nodeArgs(node: ClusterNode): string[];
}
interface BalancerProcessModule {
  startBalancerProcess(o: {
    port: number;
    upstreams: readonly number[];
    quiet?: boolean;
    onExit?: (info: { code: number | null; signal: NodeJS.Signals | null; at: number } | null) => void;
  }): Promise<{ stop(): Promise<void> }>;
}
interface KeysModule {
  generateSigningKeys(): string;
}
interface PostgresModule {
  withDatabase(url: string, database: string): string;
  ensureDatabase(url: string): Promise<void>;
  dropDatabase(url: string): Promise<void>;
}
interface ServiceRolesModule {
  rolePrefixFor(database: string): string;
  bootstrapServiceRoles(o: { databaseUrl: string; prefix: string }): Promise<{ urls: Record<string, string> }>;
  dropServiceRoles(o: { adminUrl: string; prefix: string }): Promise<void>;
  dropOrphanRunRoles(adminUrl: string): Promise<void>;
}

export const devApps = require('../dev-stack/apps') as AppsModule;
export const devNats = require('../dev-stack/nats') as NatsModule;
export const devNatsAuth = require('../dev-stack/nats-auth') as NatsAuthModule;
export const devNet = require('../dev-stack/net') as NetModule;
export const devNatsCluster = require('../dev-stack/nats-cluster') as NatsClusterModule;
export const devBalancer = require('../dev-stack/balancer-process') as BalancerProcessModule;
export const devKeys = require('../dev-stack/keys') as KeysModule;
export const devPostgres = require('../dev-stack/postgres') as PostgresModule;
export const serviceRoles = require('../db/service-roles') as ServiceRolesModule;
