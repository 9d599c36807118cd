import { Handles } from '@sms/nats';
import { Controller, Inject } from '@nestjs/common';

import { HealthPong, healthPing } from '@sms/contracts';
import { DataSource } from 'typeorm';
import type { CarrierPort } from '../carriers/carrier.port';
import { CARRIER } from '../carriers/throttled-carrier';
import { MessagingHealthRepository } from './messaging-health.repository';

/**
 * Readiness ping: answers once the database does, and says whether the carrier is up. A carrier
 * that is down (SMPP not bound) does not make messaging unready: sends are accepted and queued,
 * and go out after the rebind; the gateway reports it as degraded.
 */
@Controller()
export class MessagingHealthController {
  private readonly repo = new MessagingHealthRepository();
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(CARRIER) private readonly carrier: CarrierPort,
  ) {}

  @Handles(healthPing('messaging'))
  async ping(): Promise<HealthPong> {
    await this.repo.ping(this.ds);
    return { service: 'messaging', status: 'ok', database: 'ok', carrier: this.carrier.isUp() ? 'ok' : 'down' };
  }
}
