// Scrape tier: Debian's real Prometheus server scrapes the running apps (run by `npm test` when
// /usr/bin/prometheus exists, mandatory with PROMETHEUS_TESTS=1 as in CI).
module.exports = {
  ...require('./jest.preset.cjs'),
  displayName: 'scrape',
  testMatch: ['<rootDir>/apps/e2e/**/*.scrape-spec.ts'],
  testTimeout: 300000,
  maxWorkers: 1,
};
