import { defineSubjects } from '../common/subjects';

export const SERVICE_NAMES = ['identity', 'wallet', 'messaging', 'reporting', 'billing', 'notifications'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Every service answers `<service>.health.ping.v1` once its database and broker are ready. */
export function healthSubject(service: ServiceName): string {
  return defineSubjects(service, { ping: 'health.ping.v1' }).ping;
}

export interface HealthPong {
  service: ServiceName;
  status: 'ok';
  database: 'ok';
  /** messaging only: whether its carrier can take submits (SMPP bound). */
  carrier?: 'ok' | 'down';
}
