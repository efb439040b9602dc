/**
 * `npm test`: everything but the slow tests, in about 30 s. `npm run test:slow` (jest.slow.config.js)
 * runs the `*.slow.test.ts` files: real processes killed and restarted, Sentinel failovers, load.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['\\.slow\\.test\\.ts$'],
  // ts-jest transpiles each file on its own (isolatedModules in tsconfig.json), which keeps the suite
  // fast; type checking is `npm run typecheck` (tsc), run by `npm test` first.
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 20000,
  // The end-to-end tests mostly wait on Redis and sockets: three workers on two cores finish sooner than two.
  // Jest may then warn that a worker "failed to exit gracefully": with nothing left open (only its IPC
  // pipes, checked 2026-11-27), a worker holding 500 MB takes longer than jest's 500 ms to free it.
  maxWorkers: Math.max(2, Math.ceil(require('node:os').availableParallelism() * 1.5)),
};
