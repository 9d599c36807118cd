export * from './registry';
export * from './red';
export * from './business';
export * from './metrics-server';
