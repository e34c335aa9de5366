// @ts-check
// Root flat ESLint config of the Fleet monorepo (style guide rules 3, 4, 5 and 24).
//
// Every package's `lint` script is `eslint src`; ESLint finds this file from the package directory.
// The architecture is enforced here, from the `nx.tags` in each package.json:
//   - scope:<service> depends only on scope:<service> and scope:shared (services never import services);
//   - type:app -> contract | util | data-access; nothing depends on type:app;
//   - type:contract -> type:contract only, and platform:shared (the contract libs) bans frameworks;
//   - type:testing only from test files (*.spec.ts, *.int-spec.ts, *.e2e-spec.ts, src/**/test/**).
// The rule reads Nx's cached project graph (`nx run-many -t lint` writes it); `tools/lint/boundaries.test.mjs`
// proves the constraints fire.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

import fleet from './tools/lint/import-order.mjs';

const ROOT = dirname(fileURLToPath(import.meta.url));

/** The ten deployables; each has `scope:<name>` and may only use its own scope and `scope:shared`. */
const SERVICES = [
  'gateway',
  'accounts',
  'platform',
  'catalog',
  'deployment',
  'scheduler',
  'connector',
  'work-portal',
  'management-console',
  'smtp',
];

const TS_SOURCES = ['libs/**/src/**/*.ts', 'services/**/src/**/*.ts'];
const JS_SOURCES = ['libs/**/src/**/*.{js,cjs,mjs}', 'services/**/src/**/*.{js,cjs,mjs}'];
/** Test files: outside the packages' tsconfig (so no type information), allowed to use type:testing libs. */
const TEST_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/src/**/test/**/*.ts'];

/** npm packages a contract lib (platform:shared) must not import: contracts are plain DTOs + constants. */
const FRAMEWORK_IMPORTS = [
  '@nestjs/*',
  'typeorm',
  '@nats-io/*',
  'pino',
  'fastify',
  '@fastify/*',
  'pg',
  'mssql',
  'better-sqlite3',
  'prom-client',
];

/**
 * Module-boundary constraints. Every constraint matching a project's tags must hold, so a service
 * importing another service breaks both its scope constraint and the type:app constraint, and no
 * list below contains type:app, so nothing may depend on a service. No wildcard ("*" -> "*") anywhere.
 * @param {{ tests: boolean }} options `tests: true` is for test files: they may also use type:testing
 * libs, and a contract lib's tests may use the util libs that validate its DTOs (rule 20), which run
 * on the server platform. The framework ban of contract libs holds in their tests too.
 */
function depConstraints({ tests }) {
  const testing = tests ? ['type:testing'] : [];
  return [
    ...SERVICES.map((service) => ({
      sourceTag: `scope:${service}`,
      onlyDependOnLibsWithTags: [`scope:${service}`, 'scope:shared'],
    })),
    { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
    {
      sourceTag: 'type:app',
      onlyDependOnLibsWithTags: ['type:contract', 'type:util', 'type:data-access', ...testing],
    },
    {
      sourceTag: 'type:contract',
      onlyDependOnLibsWithTags: tests ? ['type:contract', 'type:util', 'type:testing'] : ['type:contract'],
    },
    {
      sourceTag: 'type:util',
      onlyDependOnLibsWithTags: ['type:contract', 'type:util', 'type:data-access', ...testing],
    },
    {
      sourceTag: 'type:data-access',
      onlyDependOnLibsWithTags: ['type:contract', 'type:util', 'type:data-access', ...testing],
    },
    {
      sourceTag: 'type:testing',
      onlyDependOnLibsWithTags: ['type:contract', 'type:util', 'type:data-access', 'type:testing'],
    },
    {
      sourceTag: 'platform:shared',
      onlyDependOnLibsWithTags: tests ? ['platform:shared', 'platform:server'] : ['platform:shared'],
      bannedExternalImports: FRAMEWORK_IMPORTS,
    },
    { sourceTag: 'platform:server', onlyDependOnLibsWithTags: ['platform:server', 'platform:shared'] },
  ];
}

/**
 * Cycles that exist only through test files. Nx's project graph does not tell test imports from
 * production ones, so a lib whose tests use @fleet/shared-testing (which depends on that lib) shows a
 * cycle. Production cycles are still impossible: `tsc -b` rejects circular project references, and
 * production code cannot import type:testing at all (constraints above, no-restricted-imports below).
 */
const TEST_ONLY_CYCLES = [
  // Every loop through the testing lib closes through a test file (shared libs' specs use it).
  ['@fleet/shared-testing', 'tag:scope:shared'],
  // libs/contracts/fleet/src/health.spec.ts validates the health DTOs with @fleet/shared-validation.
  ['@fleet/contracts-fleet', '@fleet/shared-validation'],
];

/** @param {{ tests: boolean }} options */
function moduleBoundaries({ tests }) {
  return [
    'error',
    {
      allow: [],
      enforceBuildableLibDependency: false,
      ignoredCircularDependencies: TEST_ONLY_CYCLES,
      depConstraints: depConstraints({ tests }),
    },
  ];
}

/** Rule 5: one public entry per lib, so `@fleet/<pkg>/<anything>` is a deep import. */
const NO_DEEP_IMPORTS = {
  group: ['@fleet/*/*'],
  message: 'Import the package entry (`@fleet/<pkg>`), not a file inside it: each lib has one public API in src/index.ts.',
};

export default defineConfig(
  {
    name: 'fleet/ignores',
    ignores: ['**/dist/**', '**/node_modules/**', '**/.data/**', '**/.nx/**', '**/coverage/**', '**/*.d.ts'],
  },

  // Basics for every TypeScript source file, tests included.
  {
    name: 'fleet/typescript',
    files: TS_SOURCES,
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    plugins: { '@nx': nx, fleet },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries({ tests: false }),
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // Import sorting (rule 24) as the code already does it; see tools/lint/import-order.mjs.
      'fleet/import-order': 'error',
      complexity: ['error', 15],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }],
      'no-console': 'error', // services log with pino (libs/shared/logging)
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@fleet/shared-testing',
              message: 'Test helpers are for *.spec.ts / *.int-spec.ts / *.e2e-spec.ts files only.',
            },
          ],
          patterns: [NO_DEEP_IMPORTS],
        },
      ],
    },
  },

  // Type-aware rules for production sources (the files each package's tsconfig.json includes).
  {
    name: 'fleet/typescript-type-checked',
    files: TS_SOURCES,
    ignores: TEST_FILES,
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: ROOT },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      // A timeout/pass-through wrapper re-rejects whatever the wrapped promise rejected with.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // Off: style, not safety. It flags deliberate assertions that pick one member of TypeORM's
      // DataSourceOptions union or type Nest's `any`-returning getContext().
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Off: `async` on a function that implements a Promise-returning contract (Nest overrides, drop
      // callbacks) is intended; the safety net is no-floating-promises / no-misused-promises.
      '@typescript-eslint/require-await': 'off',
    },
  },

  // Migrations are declarative DDL (one createTable after another): long by nature, splitting one
  // scatters a schema version across helpers.
  {
    name: 'fleet/migrations',
    files: ['services/*/src/database/migrations/**/*.ts', 'libs/**/src/**/*.migration.ts'],
    rules: { 'max-lines-per-function': 'off' },
  },

  // Test files: basics and boundaries, type:testing libs allowed, no type information.
  {
    name: 'fleet/tests',
    files: TEST_FILES,
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries({ tests: true }),
      'no-restricted-imports': ['error', { patterns: [NO_DEEP_IMPORTS] }],
      // describe() blocks are long by nature.
      'max-lines-per-function': 'off',
      // Reported, not failing: test files are being written right now; `eslint --fix` sorts them.
      'fleet/import-order': 'warn',
    },
  },

  // Hand-written CommonJS in src (the Jest global setup/teardown of libs/shared/testing).
  {
    name: 'fleet/javascript',
    files: JS_SOURCES,
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        exports: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        __filename: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        AbortController: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      complexity: ['error', 15],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
      'no-console': 'error',
    },
  },
);
