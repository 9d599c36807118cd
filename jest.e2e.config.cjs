// End-to-end tier: the real apps as processes, driven over HTTP through the gateway.
module.exports = {
  ...require('./jest.preset.cjs'),
  displayName: 'e2e',
  testMatch: ['<rootDir>/apps/e2e/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/apps/e2e/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/apps/e2e/src/support/global-teardown.ts',
  // Generous: the machine running the tiers may be shared and loaded; a test fails on its own
  // assertions and deadlines, not on a default window a slow run can miss.
  testTimeout: 180000,
  maxWorkers: 1,
};
