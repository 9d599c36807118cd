// Reusable pieces of the dev stack, for the e2e harness and the benchmarks.
export * from './stack';
export * from './apps';
export * from './postgres';
export * from './nats';
export * from './net';
export * from './processes';
