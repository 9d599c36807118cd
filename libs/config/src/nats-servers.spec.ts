import { natsServers } from './nats-servers';

describe('natsServers', () => {
  it('splits a comma-separated NATS_URL into the servers of one cluster', () => {
    expect(natsServers('nats://a:4222, nats://b:4222,nats://c:4222')).toEqual([
      'nats://a:4222',
      'nats://b:4222',
      'nats://c:4222',
    ]);
  });

  it('keeps a single server as a list of one', () => {
    expect(natsServers('nats://127.0.0.1:4222')).toEqual(['nats://127.0.0.1:4222']);
  });
});
