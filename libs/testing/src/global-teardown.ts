import { dropTestDatabase } from './test-database';

/** Drops the run's database and stops its nats-server (its JetStream store goes with it). */
export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__TEST_INFRA__;
  if (!state) return;
  await dropTestDatabase(state.infra.adminDatabaseUrl, state.database);
  await state.infra.stop();
}
