export default async function globalTeardown(): Promise<void> {
  const state = globalThis.__E2E__;
  if (!state) return;
  await state.stack.stop();
  await state.database.drop(); // the database, then the run's roles
  await state.infra.stop();
}
