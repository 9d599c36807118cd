/**
 * NATS prefixes of a test run. The run's prefix is `t<token>.`; each integration spec file
 * gets `t<token>-f<hex>.` (one lowercase token ending with a dot, as ServiceEnv requires), so
 * everything of a run, files included, starts with the run's stream-name token.
 */
export function filePrefix(runPrefix: string, fileToken: string): string {
  const run =
    runPrefix
      .toLowerCase()
      .replace(/\.$/, '')
      .replace(/[^a-z0-9_-]/g, '') || 't';
  return `${run}-f${fileToken}.`;
}

/** "t42." → "T42": the start of the stream names of the run and of all its files. */
export function streamNameStem(runPrefix: string): string {
  return runPrefix
    .replace(/\.+$/, '')
    .replace(/[^A-Za-z0-9_-]/g, '_')
    .toUpperCase();
}

/**
 * The NATS prefix of this spec file (set by own-nats-prefix.ts, the int tier's setupFile), to
 * give to whatever a test builds itself: `createServiceApp({ natsPrefix: testNatsPrefix() })`,
 * a FakeResponder, an RpcClient. Services that load their env config read it as NATS_PREFIX.
 */
export function testNatsPrefix(): string {
  return process.env.NATS_PREFIX ?? '';
}
