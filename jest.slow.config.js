/** `npm run test:slow`: the tests that start processes, kill Redis primaries or load the app (see jest.config.js). */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = { ...base, testMatch: ['**/*.slow.test.ts'], testPathIgnorePatterns: [], testTimeout: 120000 };
