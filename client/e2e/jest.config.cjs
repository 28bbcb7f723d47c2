// Browser tests: the built API serves the built client on a fresh, seeded database; Debian's
// Chromium (/usr/bin/chromium) is driven by playwright-core. Build first:
//   npx nx run-many -t build -p server client && npx nx e2e client
const path = require('path');

module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  displayName: 'e2e',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/client/e2e/**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '^@invigil/contracts$': '<rootDir>/server/src/contracts/index.ts',
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/client/e2e/support/global-setup.ts',
  globalTeardown: '<rootDir>/client/e2e/support/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 1,
};
