import * as path from 'node:path';
import { createTestDatabase, dropTestDatabase } from './test-database';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/** tools/db/service-roles.ts: the one bootstrap of per-service roles (npm start, chaos, benchmarks, tests). */
interface ServiceRolesLib {
  SERVICES: string[];
  rolePrefixFor(database: string): string;
  bootstrapServiceRoles(o: {
    databaseUrl: string;
    prefix: string;
  }): Promise<{ roles: Record<string, string>; urls: Record<string, string> }>;
  dropServiceRoles(o: { adminUrl: string; prefix: string }): Promise<void>;
  dropOrphanRunRoles(adminUrl: string): Promise<string[]>;
}

export function loadServiceRoles(): ServiceRolesLib {
  return require(path.join(REPO_ROOT, 'tools/db/service-roles')) as ServiceRolesLib;
}

/** A stack's database: its admin URL (for the test's own checks) and each service's role. */
export interface StackDatabase {
  database: string;
  /** The database as the cluster's admin: for the tests' own queries, never given to an app. */
  adminUrl: string;
  /** `<database>_`: the run's roles are `<database>_<service>` (roles are cluster-wide). */
  rolePrefix: string;
  /** Service → its role's name. */
  roles: Record<string, string>;
  /** Service → the DATABASE_URL it connects (and migrates) with: its own role, a random password. */
  serviceUrls: Record<string, string>;
  /** Drops the database, then the run's roles. */
  drop(): Promise<void>;
}

/**
 * A fresh test database with one role per service owning its own schema (tools/db/service-role.sql),
 * named after the database so parallel runs never share a role. Roles left by runs killed before
 * their teardown (their database gone) are dropped first.
 */
export async function createStackDatabase(clusterAdminUrl: string, database: string): Promise<StackDatabase> {
  const lib = loadServiceRoles();
  const rolePrefix = lib.rolePrefixFor(database);
  await lib.dropOrphanRunRoles(clusterAdminUrl).catch(() => undefined);
  const adminUrl = await createTestDatabase(clusterAdminUrl, database);
  const drop = async (): Promise<void> => {
    await dropTestDatabase(clusterAdminUrl, database);
    await lib.dropServiceRoles({ adminUrl: clusterAdminUrl, prefix: rolePrefix });
  };
  try {
    const { roles, urls } = await lib.bootstrapServiceRoles({ databaseUrl: adminUrl, prefix: rolePrefix });
    return { database, adminUrl, rolePrefix, roles, serviceUrls: urls, drop };
  } catch (err) {
    await drop();
    throw err;
  }
}
