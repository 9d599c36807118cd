/**
 * NATS_URL may list several servers of one cluster, comma-separated
 * (`nats://a:4222,nats://b:4222`): the client needs them as a list (given as one string it would
 * only try the last), so that it can start, and reconnect, while any one node is down.
 */
export function natsServers(url: string): string[] {
  return url
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
