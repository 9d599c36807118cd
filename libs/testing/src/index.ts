export * from './app-stack';
export * from './factories';
export * from './http-client';
export * from './test-database';
export * from './test-infra';
export * from './smsc-process';
