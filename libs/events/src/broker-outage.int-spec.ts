import { LoggerService } from '@nestjs/common';
import { ErrorCode, NatsError } from 'nats';
import { AddressInfo, createServer, Server, Socket, connect as tcpConnect } from 'node:net';
import { acquireConnection, retryWhileBrokerDown } from './nats-connection';

const quiet: LoggerService = { log: () => undefined, error: () => undefined, warn: () => undefined };
const natsUrl = new URL(process.env.NATS_URL ?? 'nats://127.0.0.1:4222');

/** A listener that drops every connection (the broker "down") until `open()`, then forwards to NATS. */
function gate(): Promise<{ server: Server; url: string; refused: () => number; open: () => void }> {
  let forwarding = false;
  let refused = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (!forwarding) {
      refused++;
      client.destroy();
      return;
    }
    const upstream = tcpConnect(Number(natsUrl.port || 4222), natsUrl.hostname);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        url: `nats://127.0.0.1:${port}`,
        refused: () => refused,
        open: () => (forwarding = true),
      });
      server.on('close', () => sockets.forEach((s) => s.destroy()));
    });
  });
}

async function until(what: string, ok: () => boolean, deadlineMs = 30_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a service started while the broker is down', () => {
  it('waits for it (connect resolves once the broker answers) instead of failing', async () => {
    const g = await gate();
    try {
      let settled: 'connected' | Error | undefined;
      const pending = acquireConnection(g.url, 'outage-test').then(
        (c) => ((settled = 'connected'), c),
        (err: Error) => ((settled = err), undefined),
      );
      // Several attempts refused while the "broker" is down: the client kept trying.
      await until('two refused attempts', () => g.refused() >= 2);
      expect(settled).toBeUndefined();
      g.open();
      const conn = await pending;
      expect(settled).toBe('connected');
      await conn!.nc.flush(); // a real round trip through to the broker
      await conn!.release();
    } finally {
      g.server.close();
    }
  });

  it('retries a broker-bound start-up step while the broker is unreachable, and no other error', async () => {
    let calls = 0;
    const result = await retryWhileBrokerDown(
      'step',
      async () => {
        calls++;
        if (calls < 3) throw NatsError.errorForCode(calls === 1 ? ErrorCode.ConnectionRefused : ErrorCode.Timeout);
        return 'done';
      },
      quiet,
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);

    let other = 0;
    await expect(
      retryWhileBrokerDown(
        'bad config',
        async () => {
          other++;
          throw new Error('stream name already in use with a different configuration');
        },
        quiet,
      ),
    ).rejects.toThrow('already in use');
    expect(other).toBe(1);
  });
});
