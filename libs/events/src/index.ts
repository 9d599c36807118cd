export * from './ensure-events-stream';
export * from './event-consumer';
export * from './event-envelope';
export * from './event-publisher';
export * from './events.module';
export * from './outbox';
export * from './outbox-relay';
export * from './outbox-tables';
export type { NatsSource } from './nats-connection';
