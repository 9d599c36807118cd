export * from './app-stack';
export * from './factories';
export * from './http-client';
export * from './test-database';
export * from './test-infra';
export * from './nats-prefix';
export * from './smtp-catcher';
export * from './smsc-process';
