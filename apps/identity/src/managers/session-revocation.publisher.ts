import { WAIT_FOR_BROKER } from '@sms/nats';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { natsServers } from '@sms/config';
import { natsAuthOptions } from '@sms/nats-auth';
import { ApiKeysRevoked, IdentitySubjects, RevokedSessionsList } from '@sms/contracts';
import { connect, NatsConnection } from 'nats';
import { IDENTITY_ENV, IdentityEnv } from '../identity-env';

/**
 * Tells every gateway at once (core NATS fan-out, no queue group) that sessions were
 * revoked. At-most-once is enough: gateways also reload the list periodically and at start.
 */
@Injectable()
export class SessionRevocationPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SessionRevocationPublisher.name);
  private nc?: NatsConnection;

  constructor(@Inject(IDENTITY_ENV) private readonly env: IdentityEnv) {}

  async onModuleInit(): Promise<void> {
    this.nc = await connect({
      servers: natsServers(this.env.NATS_URL),
      name: 'identity-revocations',
      ...WAIT_FOR_BROKER,
      ...natsAuthOptions(),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.nc?.drain().catch(() => undefined);
  }

  publish(list: RevokedSessionsList): void {
    if (list.sessions.length === 0) return;
    try {
      this.nc?.publish(`${this.env.NATS_PREFIX}${IdentitySubjects.sessionsRevoked}`, JSON.stringify(list));
    } catch (err) {
      this.logger.warn({ msg: 'revocation broadcast failed; gateways will catch up on reload', error: String(err) });
    }
  }

  /** API keys to drop from every gateway's cache (revoked, or bound to a sub-account just deactivated). */
  publishApiKeysRevoked(keyIds: string[]): void {
    if (keyIds.length === 0) return;
    const msg: ApiKeysRevoked = { keyIds };
    try {
      this.nc?.publish(`${this.env.NATS_PREFIX}${IdentitySubjects.apiKeysRevoked}`, JSON.stringify(msg));
    } catch (err) {
      this.logger.warn({ msg: 'api key revocation broadcast failed; gateway caches expire it', error: String(err) });
    }
  }
}
