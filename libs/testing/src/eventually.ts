/**
 * Polls `probe` until it returns something truthy (returned), or fails after `timeoutMs`
 * naming `what`. The one way tests wait for an asynchronous effect: never a fixed sleep.
 *
 *   const row = await eventually('the message sent', () => findSent(id));
 */
export async function eventually<T>(
  what: string,
  probe: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  timeoutMs = 60_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
