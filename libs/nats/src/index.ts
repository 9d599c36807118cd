export * from './request-context.interceptor';
export * from './rpc-client';
export * from './rpc-problem.filter';
export * from './service-bootstrap';
export * from './validation';
