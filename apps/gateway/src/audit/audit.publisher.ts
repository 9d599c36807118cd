import { WAIT_FOR_BROKER } from '@sms/nats';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { natsServers } from '@sms/config';
import { natsAuthOptions } from '@sms/nats-auth';
import { AuditEvents, AuditRecordedData, RemoteProblemError } from '@sms/contracts';
import { createEnvelope, ensureEventsStream, eventSubject } from '@sms/events';
import { connect, NatsConnection } from 'nats';
import { GATEWAY_ENV, GatewayEnv } from '../gateway-env';

/**
 * How long a refused publish is retried: long enough to ride out the election of a new leader of
 * the events stream on a NATS cluster (6-7 s in the --nats-cluster chaos run).
 */
const RETRY_BUDGET_MS = 10_000;

/**
 * Publishes audit entries to JetStream and waits for the stream's ack, before the request is
 * answered. The entry id is the Nats-Msg-Id (JetStream drops a repeat within its window) and
 * the id reporting's inbox keys on (drops it for good).
 */
@Injectable()
export class AuditPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AuditPublisher.name);
  private nc?: NatsConnection;

  constructor(@Inject(GATEWAY_ENV) private readonly env: GatewayEnv) {}

  async onModuleInit(): Promise<void> {
    this.nc = await connect({
      servers: natsServers(this.env.NATS_URL),
      name: 'gateway-audit',
      // Waits for the broker at start (a handshake timed out on a loaded machine is retried).
      ...WAIT_FOR_BROKER,
      ...natsAuthOptions(),
    });
    await ensureEventsStream(this.nc, { natsPrefix: this.env.NATS_PREFIX });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.nc?.drain().catch(() => undefined);
  }

  async publish(id: string, data: AuditRecordedData): Promise<void> {
    const envelope = createEnvelope(AuditEvents.recorded, data, {
      id,
      accountId: data.accountId,
      occurredAt: new Date(data.at),
    });
    const bytes = new TextEncoder().encode(JSON.stringify(envelope));
    const giveUpAt = Date.now() + RETRY_BUDGET_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        if (!this.nc) throw new Error('not connected');
        await this.nc
          .jetstream()
          .publish(eventSubject(envelope.type, this.env.NATS_PREFIX), bytes, { msgID: id, timeout: 2000 });
        return;
      } catch (err) {
        this.logger.warn({ msg: 'audit publish failed', action: data.action, attempt, error: String(err) });
        if (Date.now() >= giveUpAt) {
          // The action happened but is not on record yet: the client is told to retry (with
          // its Idempotency-Key the retry changes nothing and records the entry once).
          throw new RemoteProblemError({
            status: 503,
            title: 'Service Unavailable',
            detail: 'The action was applied but could not be recorded in the audit log; retry the request.',
            code: 'audit-unavailable',
          });
        }
        await new Promise((r) => setTimeout(r, Math.min(1000, 200 * attempt)));
      }
    }
  }
}
