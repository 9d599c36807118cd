import { dropTestDatabase } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__TEST_INFRA__;
  if (!state) return;
  await dropTestDatabase(state.infra.adminDatabaseUrl, state.database);
  await state.infra.stop();
}
