import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AuditEvents, AuditRecordedData, RemoteProblemError } from '@sms/contracts';
import { createEnvelope, ensureEventsStream, eventSubject } from '@sms/events';
import { connect, NatsConnection } from 'nats';
import { GATEWAY_ENV, GatewayEnv } from '../gateway-env';

const ATTEMPTS = 3;

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
    this.nc = await connect({ servers: this.env.NATS_URL, name: 'gateway-audit', maxReconnectAttempts: -1 });
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
    for (let attempt = 1; ; attempt++) {
      try {
        if (!this.nc) throw new Error('not connected');
        await this.nc
          .jetstream()
          .publish(eventSubject(envelope.type, this.env.NATS_PREFIX), bytes, { msgID: id, timeout: 2000 });
        return;
      } catch (err) {
        this.logger.warn({ msg: 'audit publish failed', action: data.action, attempt, error: String(err) });
        if (attempt >= ATTEMPTS) {
          // The action happened but is not on record yet: the client is told to retry (with
          // its Idempotency-Key the retry changes nothing and records the entry once).
          throw new RemoteProblemError({
            status: 503,
            title: 'Service Unavailable',
            detail: 'The action was applied but could not be recorded in the audit log; retry the request.',
            code: 'audit-unavailable',
          });
        }
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }
}
