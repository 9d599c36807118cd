// Integration tier: *.int-spec.ts against real PostgreSQL and NATS (one database per run).
module.exports = {
  ...require('./jest.preset.cjs'),
  displayName: 'int',
  testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
