export * from './contextual-server-nats';
export * from './rpc-client';
export * from './rpc-problem.filter';
export * from './rpc-retry';
export * from './service-bootstrap';
export * from './validation';
