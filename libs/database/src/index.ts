export * from './database.module';
export * from './health.controller';
export * from './pg-errors';
export * from './service-data-source';
export * from './idempotency';
export * from './idempotency-table.v1';
export * from './returning';
export * from './singleton-lock';
