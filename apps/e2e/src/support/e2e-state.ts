// Jest's globalSetup runs without moduleNameMapper, so the alias cannot be used here.
// eslint-disable-next-line @nx/enforce-module-boundaries
import type { AppStack, StackDatabase, TestInfra } from '../../../../libs/testing/src';
import { HttpClient } from '@sms/testing';

export interface E2eState {
  baseUrl: string;
  /** Each gateway process's own URL (E2E_REPLICAS of them, behind `baseUrl`; `[baseUrl]` with one): for per-process state such as /metrics. */
  gatewayUrls: string[];
  /** The run's database as its admin: for the specs' own queries (no app has it). */
  databaseUrl: string;
  /** Service → the DATABASE_URL its process uses: its own role (`roles`), owner of its schema only. */
  serviceDatabaseUrls: Record<string, string>;
  roles: Record<string, string>;
  env: Record<string, string>;
  /** Where each app's log file is written (<app>.log). */
  logDir: string;
}

declare global {
  var __E2E__: { stack: AppStack; infra: TestInfra; database: StackDatabase } | undefined;
}

/** What the global setup started, as seen from a test file. */
export function e2eState(): E2eState {
  const raw = process.env.E2E_STATE;
  if (!raw) throw new Error('E2E_STATE is not set: run the e2e tier through jest.e2e.config.cjs');
  return JSON.parse(raw) as E2eState;
}

export function e2eHttp(): HttpClient {
  return new HttpClient(e2eState().baseUrl);
}
