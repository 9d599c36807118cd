import { Controller, Module } from '@nestjs/common';
import { IsInt } from 'class-validator';
import { Payload } from '@nestjs/microservices';
import { INestMicroservice } from '@nestjs/common';
import { NoPayload, NotFoundError, RemoteProblemError, rpc as operation, type } from '@sms/contracts';
import { metricsRegistry, MetricsServer, startMetricsServer } from '@sms/metrics';
import { RpcClient } from './rpc-client';
import { createServiceApp } from './service-bootstrap';
import { Handles } from './handles.decorator';

/** Set per spec file by libs/testing's jest setup (libs/nats may not import libs/testing). */
const testNatsPrefix = (): string => process.env.NATS_PREFIX ?? '';

class Probe {
  @IsInt() n: number;
}
// Declared as the service that answers them (the probe app runs as 'wallet'): the harness's
// actor assertions are made with the answering service's key, as the gateway's are.
const OK = operation('wallet', 'probe.ok.v1', Probe, type<{ n: number }>());
const MISSING = operation('wallet', 'probe.missing.v1', NoPayload, type<never>());
const BROKEN = operation('wallet', 'probe.broken.v1', NoPayload, type<never>());

@Controller()
class ProbeController {
  @Handles(OK)
  ok(@Payload() body: Probe): { n: number } {
    return { n: body.n };
  }

  @Handles(MISSING)
  missing(): never {
    throw new NotFoundError('Thing');
  }

  @Handles(BROKEN)
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
    app = await createServiceApp({
      natsPrefix: testNatsPrefix(),
      service: 'wallet',
      module: ProbeModule,
      natsUrl,
      logLevel: 'error',
    });
    await app.listen();
    rpc = new RpcClient({ prefix: testNatsPrefix(), natsUrl, timeoutMs: 5000, name: 'metrics-probe' });
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

    expect(await handled(OK.subject, 'ok')).toBe(5);
    expect(await handled(MISSING.subject, 'refused')).toBe(1);
    expect(await handled(BROKEN.subject, 'error')).toBe(1);
    expect(await handled(OK.subject, 'error')).toBe(0);

    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain(`nats_request_handled_duration_seconds_count{subject="${OK.subject}",outcome="ok"} 5`);
    expect(text).toContain(
      `nats_request_sent_duration_seconds_count{subject="${MISSING.subject}",outcome="refused"} 1`,
    );
    expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
  });
});
