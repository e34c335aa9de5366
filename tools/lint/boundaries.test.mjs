// Proves that eslint.config.mjs enforces the module boundaries (style guide rules 3, 4, 5 and
// anti-pattern 1: a boundary that lint does not enforce will erode). Each case lints a snippet as if
// it were a file of a real package, through ESLint's Node API and the real root config.
//
//   node --test tools/lint/
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BOUNDARY_RULE = '@nx/enforce-module-boundaries';

/** @type {import('eslint').ESLint} */
let eslint;

before(async () => {
  process.env.NX_DAEMON = 'false';
  process.env.NX_NO_CLOUD = 'true';
  // The boundary rule reads Nx's cached project graph and silently does nothing without one (a fresh
  // clone): build it first, as `nx run-many -t lint` does.
  const { createProjectGraphAsync } = await import('@nx/devkit');
  await createProjectGraphAsync({ exitOnError: false });
  const { ESLint } = await import('eslint');
  const { default: tseslint } = await import('typescript-eslint');
  eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: join(ROOT, 'eslint.config.mjs'),
    // The snippets are not files on disk, so TypeScript's project service cannot type them; the
    // boundary rules need no types, so the type-aware rules are switched off for these snippets only.
    overrideConfig: [{ ...tseslint.configs.disableTypeChecked, files: ['**/*.ts'] }],
  });
});

/**
 * Lints `code` as the file `filePath` (relative to the repo root; it need not exist).
 * @returns {Promise<import('eslint').Linter.LintMessage[]>}
 */
async function lint(filePath, code) {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
  return result.messages;
}

/** The messages of one rule, as "line:message" strings (readable in a failed assertion). */
function of(messages, ruleId) {
  return messages.filter((m) => m.ruleId === ruleId).map((m) => `${m.line}:${m.message}`);
}

function errors(messages) {
  return messages.filter((m) => m.severity === 2 || m.fatal).map((m) => `${m.line}:${m.ruleId}:${m.message}`);
}

describe('module boundaries (eslint.config.mjs)', () => {
  describe('when a service imports another service', () => {
    it('should be an error through the package name', async () => {
      const messages = await lint(
        'services/catalog/src/probe.ts',
        "import { PlatformService } from '@fleet/platform';\n\nexport const probe = [PlatformService];\n",
      );
      const found = of(messages, BOUNDARY_RULE);
      assert.equal(found.length, 1, found.join('\n'));
      assert.match(found[0], /scope:catalog" can only depend on libs tagged with "scope:catalog", "scope:shared"/);
    });

    it('should be an error through a relative deep import', async () => {
      const messages = await lint(
        'services/catalog/src/probe.ts',
        "import { Company } from '../../platform/src/companies/company.entity';\n\nexport const probe = [Company];\n",
      );
      assert.match(of(messages, BOUNDARY_RULE).join('\n'), /must begin with a npm scope/);
    });
  });

  describe('when a contract lib imports a framework', () => {
    it('should be an error for @nestjs/common', async () => {
      const messages = await lint(
        'libs/contracts/catalog/src/probe.ts',
        "import { Injectable } from '@nestjs/common';\n\nexport const probe = [Injectable];\n",
      );
      assert.deepEqual(of(messages, BOUNDARY_RULE), ['1:A project tagged with "platform:shared" is not allowed to import "@nestjs/common"']);
    });

    it('should be an error for typeorm', async () => {
      const messages = await lint('libs/contracts/platform/src/probe.ts', "import { DataSource } from 'typeorm';\n\nexport const probe = [DataSource];\n");
      assert.deepEqual(of(messages, BOUNDARY_RULE), ['1:A project tagged with "platform:shared" is not allowed to import "typeorm"']);
    });

    it('should be an error for a server-side util lib', async () => {
      const messages = await lint('libs/contracts/catalog/src/probe.ts', "import { FleetError } from '@fleet/shared-errors';\n\nexport const probe = [FleetError];\n");
      assert.match(of(messages, BOUNDARY_RULE).join('\n'), /type:contract" can only depend on libs tagged with "type:contract"/);
    });
  });

  describe('when a shared lib imports a service', () => {
    it('should be an error', async () => {
      const messages = await lint('libs/shared/errors/src/probe.ts', "import { PlatformService } from '@fleet/platform';\n\nexport const probe = [PlatformService];\n");
      assert.ok(of(messages, BOUNDARY_RULE).length > 0, 'expected a boundary error');
    });
  });

  describe('when a service imports a contract lib and shared libs', () => {
    it('should be allowed, with no error of any rule', async () => {
      const messages = await lint(
        'services/catalog/src/probe.ts',
        [
          "import { CatalogSubjects } from '@fleet/contracts-catalog';",
          "import { FleetHeaders } from '@fleet/contracts-fleet';",
          "import { PlatformSubjects } from '@fleet/contracts-platform';",
          "import { FleetError } from '@fleet/shared-errors';",
          '',
          'export const probe = [CatalogSubjects, FleetHeaders, PlatformSubjects, FleetError];',
          '',
        ].join('\n'),
      );
      assert.deepEqual(errors(messages), []);
    });
  });

  describe('when code uses the testing lib', () => {
    it('should be an error in production code', async () => {
      const messages = await lint('services/catalog/src/probe.ts', "import { uniquePrefix } from '@fleet/shared-testing';\n\nexport const probe = [uniquePrefix];\n");
      assert.ok(of(messages, BOUNDARY_RULE).length > 0, 'expected a boundary error');
      assert.ok(of(messages, 'no-restricted-imports').length > 0, 'expected no-restricted-imports');
    });

    it('should be allowed in a test file', async () => {
      const messages = await lint('services/catalog/src/probe.int-spec.ts', "import { uniquePrefix } from '@fleet/shared-testing';\n\nexport const probe = [uniquePrefix];\n");
      assert.deepEqual(errors(messages), []);
    });

    it('should still forbid another service in a test file', async () => {
      const messages = await lint('services/catalog/src/probe.spec.ts', "import { PlatformService } from '@fleet/platform';\n\nexport const probe = [PlatformService];\n");
      assert.ok(of(messages, BOUNDARY_RULE).length > 0, 'expected a boundary error');
    });
  });

  describe('when code imports a file inside another package', () => {
    it('should be an error (one public entry per lib)', async () => {
      const messages = await lint('services/catalog/src/probe.ts', "import { FleetError } from '@fleet/shared-errors/src/fleet-error';\n\nexport const probe = [FleetError];\n");
      assert.match(of(messages, 'no-restricted-imports').join('\n'), /Import the package entry/);
    });
  });
});
