// Unit tier: *.spec.ts beside the code; no I/O.
const preset = require('./jest.preset.js');
module.exports = { ...preset, globalSetup: undefined, globalTeardown: undefined, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
