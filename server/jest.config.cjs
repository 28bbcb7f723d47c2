// Server tests: pure-rule unit specs beside the code, integration specs over real HTTP,
// PostgreSQL and Redis (each file on its own database cloned from a migrated template).
const esm = [
  '@nestjs',
  '@fastify/static',
  'content-disposition',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  '@invigil',
];
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  rootDir: require('path').resolve(__dirname, '..'),
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`node_modules/(?!(${esm.join('|')})/)`],
  moduleNameMapper: {
    '^@invigil/contracts$': '<rootDir>/server/src/contracts/index.ts',
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/server/src/**/*.spec.ts', '<rootDir>/docker/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/server/test/integration/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/server/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/server/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/server/test/support/setup-timeout.ts'],
    },
  ],
};
