// Unit tier: *.spec.ts beside the code; no database, no broker.
module.exports = { ...require('./jest.preset.cjs'), displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] };
