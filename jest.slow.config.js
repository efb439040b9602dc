/** `npm run test:slow`: the tests that start processes, kill Redis primaries or load the app (see jest.config.js). */
const base = require('./jest.config');

/**
 * One file at a time: `npm start` (process/main) rebuilds dist/ while other files run
 * dist/main.js, and processes killed mid-burst need the machine's cores to themselves.
 * @type {import('jest').Config}
 */
module.exports = { ...base, testMatch: ['**/*.slow.test.ts'], testPathIgnorePatterns: [], testTimeout: 120000, maxWorkers: 1 };
