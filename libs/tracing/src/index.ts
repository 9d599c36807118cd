export * from './trace-context';
export * from './span';
export * from './otlp-json';
export * from './otlp-exporter';
