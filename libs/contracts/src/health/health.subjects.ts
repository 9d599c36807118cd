import { NoPayload, rpc, RpcOperation, type } from '../common/rpc';

export const SERVICE_NAMES = ['identity', 'wallet', 'messaging', 'reporting', 'billing', 'notifications'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export interface HealthPong {
  service: ServiceName;
  status: 'ok';
  database: 'ok';
  /** messaging only: whether its carrier can take submits (SMPP bound). */
  carrier?: 'ok' | 'down';
}

/** Every service answers `<service>.health.ping.v1` once its database and broker are ready. */
export function healthPing(service: ServiceName): RpcOperation<NoPayload, HealthPong> {
  return rpc(service, 'health.ping.v1', NoPayload, type<HealthPong>());
}
