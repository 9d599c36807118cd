// Integration tier: *.int-spec.ts against real PostgreSQL and NATS (one database per run).
module.exports = {
  ...require('./jest.preset.cjs'),
  displayName: 'int',
  testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  // After the preset's: each spec file gets its own NATS prefix before its first import.
  setupFiles: [...require('./jest.preset.cjs').setupFiles, '<rootDir>/libs/testing/src/own-nats-prefix.ts'],
  // Generous: the machine running the tiers may be shared and loaded; a test fails on its own
  // assertions and deadlines, not on a default window a slow run can miss.
  testTimeout: 180000,
  maxWorkers: 2,
};
