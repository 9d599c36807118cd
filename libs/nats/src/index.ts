export * from './actor-assertions';
export * from './contextual-server-nats';
export * from './rpc-client';
export * from './rpc-problem.filter';
export * from './service-bootstrap';
export * from './validation';
