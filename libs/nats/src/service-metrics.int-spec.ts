import { Controller, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { INestMicroservice } from '@nestjs/common';
import { NotFoundError, RemoteProblemError } from '@sms/contracts';
import { metricsRegistry, MetricsServer, startMetricsServer } from '@sms/metrics';
import { RpcClient } from './rpc-client';
import { createServiceApp } from './service-bootstrap';

const prefix = process.env.NATS_PREFIX ?? '';
const OK = `${prefix}metrics.ok.v1`;
const MISSING = `${prefix}metrics.missing.v1`;
const BROKEN = `${prefix}metrics.broken.v1`;

@Controller()
class ProbeController {
  @MessagePattern(OK)
  ok(@Payload() body: { n: number }): { n: number } {
    return { n: body.n };
  }

  @MessagePattern(MISSING)
  missing(): never {
    throw new NotFoundError('Thing');
  }

  @MessagePattern(BROKEN)
  broken(): never {
    throw new Error('boom');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

/** The count of one histogram series, 0 when absent. */
async function handled(subject: string, outcome: string): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric('nats_request_handled_duration_seconds')?.get();
  const value = metric?.values.find(
    (v) =>
      (v as { metricName?: string }).metricName === 'nats_request_handled_duration_seconds_count' &&
      v.labels.subject === subject &&
      v.labels.outcome === outcome,
  );
  return value?.value ?? 0;
}

describe('service metrics', () => {
  let app: INestMicroservice;
  let rpc: RpcClient;
  let server: MetricsServer;

  beforeAll(async () => {
    const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
    app = await createServiceApp({ service: 'wallet', module: ProbeModule, natsUrl, logLevel: 'error' });
    await app.listen();
    rpc = new RpcClient({ natsUrl, timeoutMs: 5000, name: 'metrics-probe' });
    await rpc.connect();
    server = await startMetricsServer(0);
  });

  afterAll(async () => {
    await server?.close();
    await rpc?.close();
    await app?.close();
  });

  it('counts every request a service handles by subject and outcome, and serves them as Prometheus text', async () => {
    for (let n = 0; n < 5; n++) await expect(rpc.send(OK, { n })).resolves.toEqual({ n });
    await expect(rpc.send(MISSING, {})).rejects.toBeInstanceOf(RemoteProblemError);
    await expect(rpc.send(BROKEN, {})).rejects.toBeInstanceOf(RemoteProblemError);

    expect(await handled(OK, 'ok')).toBe(5);
    expect(await handled(MISSING, 'refused')).toBe(1);
    expect(await handled(BROKEN, 'error')).toBe(1);
    expect(await handled(OK, 'error')).toBe(0);

    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain(`nats_request_handled_duration_seconds_count{subject="${OK}",outcome="ok"} 5`);
    expect(text).toContain(`nats_request_sent_duration_seconds_count{subject="${MISSING}",outcome="refused"} 1`);
    expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
  });
});
