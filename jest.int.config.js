// Integration tier: *.int-spec.ts against real NATS and PostgreSQL (and SQLite files).
const preset = require('./jest.preset.js');
module.exports = { ...preset, testMatch: ['<rootDir>/src/**/*.int-spec.ts'], testTimeout: 60000, maxWorkers: 1 };
