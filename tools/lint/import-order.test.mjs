// Spec of the local `fleet/import-order` rule (tools/lint/import-order.mjs).
//
//   node --test tools/lint/
import { describe, it } from 'node:test';

import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';

import { importOrder } from './import-order.mjs';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

tester.run('fleet/import-order', importOrder, {
  valid: [
    // packages A→Z (node: builtins among them), then relative paths A→Z
    "import { a } from '@fleet/contracts-fleet';\nimport { b } from '@nestjs/common';\nimport { c } from 'node:crypto';\nimport { d } from 'typeorm';\nimport { e } from '../x';\nimport { f } from './y';",
    // values first, then inline type members; case-insensitive
    "import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';",
    "import { IsIn, IsISO8601, IsString } from 'class-validator';",
    "import type { RequestOptions, RpcClient } from '@fleet/shared-nats';",
    // a side-effect import keeps its place and starts a new run
    "import 'reflect-metadata';\nimport { main } from '@fleet/shared-service-kit';",
    // default and namespace imports are not members
    "import pino, { type Logger } from 'pino';\nimport * as contract from './index';",
  ],
  invalid: [
    {
      code: "import { dialectOf, tableColumn, col } from '@fleet/shared-database';",
      output: "import { col, dialectOf, tableColumn } from '@fleet/shared-database';",
      errors: [{ messageId: 'member' }],
    },
    {
      code: "import { type ArgumentsHost, Catch } from '@nestjs/common';",
      output: "import { Catch, type ArgumentsHost } from '@nestjs/common';",
      errors: [{ messageId: 'member' }],
    },
    {
      code: "import { x } from '@nats-io/transport-node';\nimport { y } from '@nats-io/jetstream';",
      output: "import { y } from '@nats-io/jetstream';\nimport { x } from '@nats-io/transport-node';",
      errors: [{ messageId: 'declaration' }],
    },
    {
      code: "import { x } from './a';\nimport { y } from 'typeorm';",
      output: "import { y } from 'typeorm';\nimport { x } from './a';",
      errors: [{ messageId: 'declaration' }],
    },
    {
      // three out of order: one fix rewrites the run, blank lines stay where they were
      code: "import 'reflect-metadata';\nimport { c } from './c';\nimport { b } from 'b';\n\nimport { a } from 'a';\nconst z = 1;",
      output: "import 'reflect-metadata';\nimport { a } from 'a';\nimport { b } from 'b';\n\nimport { c } from './c';\nconst z = 1;",
      errors: [{ messageId: 'declaration' }, { messageId: 'declaration' }],
    },
    {
      // a trailing comment on the run's last line: reported, not moved
      code: "import { x } from './a';\nimport { y } from 'typeorm'; // why",
      output: null,
      errors: [{ messageId: 'declaration' }],
    },
    {
      // a comment inside the run: reported, not moved
      code: "import { x } from './a';\n// why\nimport { y } from 'typeorm';",
      output: null,
      errors: [{ messageId: 'declaration' }],
    },
  ],
});
