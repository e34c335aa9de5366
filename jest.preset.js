// Shared Jest settings of every tier: @swc/jest compiles our TypeScript and NestJS's ESM packages
// (Jest on Node 20 cannot require ESM), with decorator metadata for Nest's DI; @fleet/* packages
// resolve to their sources so tests never need a build.
const path = require('node:path');

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
    sourceMaps: 'inline',
  },
];

module.exports = {
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  reporters: ['default', path.join(__dirname, 'tools/test/summary-reporter.cjs')],
  transform: { '^.+\\.(t|j)sx?$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|jose|bpmn-moddle|moddle|moddle-xml|min-dash|saxen)/)'],
  moduleNameMapper: {
    '^@fleet/shared-(.*)$': path.join(__dirname, 'libs/shared/$1/src/index.ts'),
    '^@fleet/contracts-(.*)$': path.join(__dirname, 'libs/contracts/$1/src/index.ts'),
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  globalSetup: path.join(__dirname, 'libs/shared/testing/src/jest-global-setup.js'),
  globalTeardown: path.join(__dirname, 'libs/shared/testing/src/jest-global-teardown.js'),
};
