// End-to-end tier: *.e2e-spec.ts drive the fleet launched as real processes through the gateway.
const preset = require('./jest.preset.js');
module.exports = { ...preset, testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'], testTimeout: 120000, maxWorkers: 1 };
