// Creates the package.json, tsconfig.json and jest config of a lib or service, so all packages share one shape.
// Usage: node tools/dev/scaffold-lib.mjs <dir> <package-name> <tags comma-separated> [dep-dir ...]
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const [dir, name, tags, ...deps] = process.argv.slice(2);
if (!dir || !name || !tags) {
  console.error('usage: scaffold-lib.mjs <dir> <package-name> <tags> [dep-dir ...]');
  process.exit(2);
}
const root = process.cwd();
const abs = join(root, dir);
mkdirSync(join(abs, 'src'), { recursive: true });
const isService = dir.startsWith('services/');
const depNames = {};
for (const d of deps) depNames[(await import(join(root, d, 'package.json'), { with: { type: 'json' } })).default.name] = '*';
const pkg = {
  name,
  version: '0.1.0',
  private: true,
  main: 'dist/index.js',
  types: 'dist/index.d.ts',
  ...(isService ? { main: 'dist/main.js', types: undefined } : {}),
  dependencies: depNames,
  scripts: {
    lint: `eslint src`,
    test: `jest --config ${relative(abs, join(root, 'jest.unit.config.js'))} --rootDir . --passWithNoTests`,
    'test-int': `jest --config ${relative(abs, join(root, 'jest.int.config.js'))} --rootDir . --passWithNoTests`,
  },
  nx: { tags: tags.split(',') },
};
writeFileSync(join(abs, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
const tsconfig = {
  extends: relative(abs, join(root, 'tsconfig.base.json')),
  compilerOptions: { rootDir: 'src', outDir: 'dist', tsBuildInfoFile: 'dist/.tsbuildinfo' },
  include: ['src/**/*.ts'],
  exclude: ['src/**/*.spec.ts', 'src/**/*.int-spec.ts', 'src/**/*.e2e-spec.ts', 'src/**/test/**'],
  references: deps.map((d) => ({ path: relative(abs, join(root, d)) })),
};
writeFileSync(join(abs, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2) + '\n');
if (!existsSync(join(abs, 'src/index.ts')) && !isService) writeFileSync(join(abs, 'src/index.ts'), '');
console.log(`scaffolded ${dir} (${name})`);
