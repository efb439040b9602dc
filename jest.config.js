/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // ts-jest transpiles each file on its own (isolatedModules in tsconfig.json), which keeps the suite
  // fast; type checking is `npm run typecheck` (tsc), run by `npm test` first. No native binaries:
  // the lockfile installs the same everywhere.
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 20000,
};
