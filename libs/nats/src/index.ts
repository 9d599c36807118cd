export * from './contextual-server-nats';
export * from './handles.decorator';
export * from './rpc-client';
export * from './rpc.module';
export * from './rpc-problem.filter';
export * from './rpc-retry';
export * from './service-bootstrap';
export * from './validation';
