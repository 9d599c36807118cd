export * from './trace-context';
export * from './span';
export * from './tracing-sdk';
export * from './instrument';
