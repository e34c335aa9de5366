// Keeps each package's `dependencies` (@fleet/* ones) and tsconfig `references` in line with what
// its sources import, so `tsc -b` builds libraries before their users on a fresh clone.
// Usage: node tools/dev/sync-deps.mjs [--check]   (--check: exit 1 listing what is out of date)
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.cwd();
const check = process.argv.includes('--check');
const dirs = ['libs/shared', 'libs/contracts', 'services'].flatMap((d) => readdirSync(join(root, d)).map((n) => join(d, n))).filter((d) => existsSync(join(root, d, 'package.json')));
const byName = new Map(dirs.map((d) => [JSON.parse(readFileSync(join(root, d, 'package.json'), 'utf8')).name, d]));

function sources(dir) {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

let stale = [];
for (const d of dirs) {
  const files = sources(join(root, d, 'src'));
  const isTest = (f) => /\.(spec|int-spec|e2e-spec)\.ts$/.test(f) || f.includes('/test/');
  const imports = (fs) => new Set(fs.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/from '(@fleet\/[a-z0-9-]+)'/g)].map((m) => m[1])));
  const pkgFile = join(root, d, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const prod = [...imports(files.filter((f) => !isTest(f)))].filter((n) => n !== pkg.name && byName.has(n)).sort();
  const test = [...imports(files.filter(isTest))].filter((n) => n !== pkg.name && byName.has(n) && !prod.includes(n)).sort();
  const deps = Object.fromEntries([...Object.entries(pkg.dependencies ?? {}).filter(([n]) => !n.startsWith('@fleet/')), ...prod.map((n) => [n, '*'])]);
  const devDeps = Object.fromEntries([...Object.entries(pkg.devDependencies ?? {}).filter(([n]) => !n.startsWith('@fleet/')), ...test.map((n) => [n, '*'])]);
  const tsFile = join(root, d, 'tsconfig.json');
  const ts = JSON.parse(readFileSync(tsFile, 'utf8'));
  const refs = prod.map((n) => ({ path: relative(join(root, d), join(root, byName.get(n))) }));
  const nextPkg = { ...pkg, dependencies: deps, ...(test.length ? { devDependencies: devDeps } : {}) };
  if (!test.length) delete nextPkg.devDependencies;
  const nextTs = { ...ts, references: refs };
  const pkgText = JSON.stringify(nextPkg, null, 2) + '\n';
  const tsText = JSON.stringify(nextTs, null, 2) + '\n';
  if (pkgText !== readFileSync(pkgFile, 'utf8') || tsText !== readFileSync(tsFile, 'utf8')) {
    stale.push(d);
    if (!check) {
      writeFileSync(pkgFile, pkgText);
      writeFileSync(tsFile, tsText);
    }
  }
}
if (check && stale.length) {
  console.error(`package dependencies / tsconfig references out of date in: ${stale.join(', ')}\nrun: node tools/dev/sync-deps.mjs`);
  process.exit(1);
}
console.log(stale.length ? `updated ${stale.join(', ')}` : 'package dependencies and tsconfig references are in sync');
