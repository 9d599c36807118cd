import type { ServerInfo } from 'nats';
import { streamReplicasFor } from './ensure-events-stream';

const server = (extra: Partial<ServerInfo>) => ({ server_id: 'x', ...extra }) as ServerInfo;

describe('streamReplicasFor', () => {
  it('is 1 on a lone server', () => {
    expect(streamReplicasFor(server({ connect_urls: ['127.0.0.1:4222'] }), {})).toBe(1);
  });

  it('is 3 on a cluster of three or more (INFO lists every node, itself included)', () => {
    const urls = ['a:4222', 'b:4222', 'c:4222'];
    expect(streamReplicasFor(server({ cluster: 'sms', connect_urls: urls }), {})).toBe(3);
    expect(streamReplicasFor(server({ cluster: 'sms', connect_urls: [...urls, 'd:4222', 'e:4222'] }), {})).toBe(3);
  });

  it('is the size of a smaller cluster', () => {
    expect(streamReplicasFor(server({ cluster: 'sms', connect_urls: ['a:4222', 'b:4222'] }), {})).toBe(2);
  });

  it('takes EVENTS_STREAM_REPLICAS when it is a number of copies JetStream allows', () => {
    expect(streamReplicasFor(server({}), { EVENTS_STREAM_REPLICAS: '3' })).toBe(3);
    expect(
      streamReplicasFor(server({ cluster: 'sms', connect_urls: ['a', 'b', 'c'] }), { EVENTS_STREAM_REPLICAS: '1' }),
    ).toBe(1);
    expect(streamReplicasFor(server({}), { EVENTS_STREAM_REPLICAS: '9' })).toBe(1);
  });
});
