import { Handles } from '@sms/nats';
import { Controller, Inject, Type } from '@nestjs/common';

import { HealthPong, healthPing, ServiceName } from '@sms/contracts';
import { DataSource } from 'typeorm';

/** A readiness ping per service: answers once its database answers. */
export function healthControllerFor(service: ServiceName): Type<unknown> {
  @Controller()
  class HealthController {
    constructor(@Inject(DataSource) private readonly ds: DataSource) {}

    @Handles(healthPing(service))
    async ping(): Promise<HealthPong> {
      await this.ds.query('SELECT 1');
      return { service, status: 'ok', database: 'ok' };
    }
  }
  return HealthController;
}
