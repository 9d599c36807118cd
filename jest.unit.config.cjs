// Unit tier: *.spec.ts beside the code; no database, no broker. The timeout is generous: on a
// machine loaded by other runs a PDF render or a property-based spec can take well over jest's
// default 5 s, and a test that fails by the clock proves nothing.
module.exports = {
  ...require('./jest.preset.cjs'),
  displayName: 'unit',
  testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'],
  testTimeout: 60000,
};
