export * from './load-env';
export * from './service-env';
export * from './eddsa-jws';
export * from './signing-keys';
export * from './nats-servers';
