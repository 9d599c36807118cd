// Jest's globalSetup runs without moduleNameMapper, so the alias cannot be used here.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { dropTestDatabase } from '../../../../libs/testing/src';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__E2E__;
  if (!state) return;
  await state.stack.stop();
  await dropTestDatabase(state.infra.adminDatabaseUrl, state.database);
  await state.infra.stop();
}
