import { parseBalancerArgs } from './balancer-main';

describe('the balancer process arguments', () => {
  it('reads the port, the host and the replicas’ ports', () => {
    expect(parseBalancerArgs(['--port', '0', '--upstreams', '41001,41002'])).toEqual({
      port: 0,
      host: '127.0.0.1',
      upstreams: [41001, 41002],
    });
    expect(parseBalancerArgs(['--host', '0.0.0.0', '--port', '3000', '--upstreams', '5'])).toMatchObject({
      host: '0.0.0.0',
      port: 3000,
    });
  });

  it('refuses a missing port, a bad replica list and unknown arguments', () => {
    expect(() => parseBalancerArgs(['--upstreams', '1'])).toThrow('--port');
    expect(() => parseBalancerArgs(['--port', '0'])).toThrow('--upstreams');
    expect(() => parseBalancerArgs(['--port', '0', '--upstreams', '1,x'])).toThrow('--upstreams');
    expect(() => parseBalancerArgs(['--port', '0', '--upstreams', '1', '--wat', '1'])).toThrow('--wat');
  });
});
