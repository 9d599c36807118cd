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
