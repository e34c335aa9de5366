// Writes services/<name>/.env.example for each of the ten services, from the code that reads the
// environment: the base settings (`baseEnvSpec(service)` in libs/shared/config) plus the service's
// own spec (the `env` of its ServiceDefinition in services/<name>/src/service.ts, e.g. the
// gateway's `gatewayEnv`). Each variable's `doc`, `expected` and `default` are printed as declared,
// so the files cannot say anything the validation does not enforce.
//
// Why the ServiceDefinition and not a fixed list of config files: `def.env` is exactly what the
// service kit hands to `readServiceConfig`, so a service that gains its own settings is picked up
// here without touching this script, and `--check` fails until its .env.example is regenerated.
//
// Usage (repo root or anywhere):
//   node tools/dev/gen-env-example.mjs           write the ten files (prints which ones changed)
//   node tools/dev/gen-env-example.mjs --check   exit 1, naming the files, if any committed file
//                                                differs from what would be written (CI)
// The compiled JS is loaded; when a dist file is missing or older than its source, the script runs
// `npx tsc -b tsconfig.build.json` first. Exit codes: 0 ok, 1 drift (--check), 2 build/load error.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(ROOT, 'package.json'));
const GENERATOR = 'tools/dev/gen-env-example.mjs';

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--check');
if (unknown.length) {
  process.stderr.write(`usage: node ${GENERATOR} [--check]\n(unknown argument ${unknown.join(' ')})\n`);
  process.exit(2);
}
const check = args.includes('--check');

// ---------------------------------------------------------------------------------------------
// 1. Make sure the compiled JS exists and is not older than its TypeScript source.

const CONFIG_DIST = join(ROOT, 'libs/shared/config/dist/index.js');
const FLEET_CONTRACT_DIST = join(ROOT, 'libs/contracts/fleet/dist/index.js');

/** The packages tsconfig.build.json builds (its references, followed transitively). */
function packageDirs() {
  const seen = new Set();
  const visit = (tsconfigFile) => {
    const cfg = JSON.parse(readFileSync(tsconfigFile, 'utf8'));
    for (const ref of cfg.references ?? []) {
      const dir = join(dirname(tsconfigFile), ref.path);
      if (seen.has(dir)) continue;
      seen.add(dir);
      visit(join(dir, 'tsconfig.json'));
    }
  };
  visit(join(ROOT, 'tsconfig.build.json'));
  return [...seen].filter((d) => existsSync(join(d, 'src'))).sort();
}

const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$|\.d\.ts$/;

/** The first compiled file that is missing or older than its source, or undefined when all are fresh. */
function firstStaleOutput() {
  for (const pkg of packageDirs()) {
    const stack = [join(pkg, 'src')];
    while (stack.length) {
      const dir = stack.pop();
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'test' && entry.name !== '__snapshots__') stack.push(p);
          continue;
        }
        if (!entry.name.endsWith('.ts') || TEST_FILE.test(entry.name)) continue;
        const out = join(pkg, 'dist', relative(join(pkg, 'src'), p)).replace(/\.ts$/, '.js');
        if (!existsSync(out) || statSync(out).mtimeMs < statSync(p).mtimeMs) return relative(ROOT, out);
      }
    }
  }
  return undefined;
}

function ensureBuilt() {
  const stale = firstStaleOutput();
  if (!stale) return;
  process.stderr.write(`${stale} is missing or older than its source: running npx tsc -b tsconfig.build.json\n`);
  const r = spawnSync('npx', ['tsc', '-b', 'tsconfig.build.json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `${r.error.message}\n` : ''}`);
    fail('the build failed, so the env specs cannot be loaded (fix the errors above and run again)');
  }
}

function fail(message) {
  process.stderr.write(`gen-env-example: ${message}\n`);
  process.exit(2);
}

ensureBuilt();

// ---------------------------------------------------------------------------------------------
// 2. Load the specs.

require('reflect-metadata'); // service.js pulls in Nest decorators, as main.js does
const { baseEnvSpec } = require(CONFIG_DIST);
const { FleetServices, envPrefixOf } = require(FLEET_CONTRACT_DIST);

/**
 * The service's own spec: `env` of the ServiceDefinition exported by services/<name>/dist/service.js,
 * with the source file that declares it (found among the service's loaded modules).
 */
function ownEnvSpec(service) {
  const dist = join(ROOT, 'services', service, 'dist');
  const file = join(dist, 'service.js');
  if (!existsSync(file)) fail(`${relative(ROOT, file)} does not exist: is ${service} built?`);
  const mod = require(file);
  const def = Object.values(mod).find((v) => v && typeof v === 'object' && v.name === service && 'module' in v);
  if (!def) fail(`${relative(ROOT, file)} exports no ServiceDefinition named ${service}`);
  if (!def.env) return { spec: {}, source: undefined };
  const declaring = Object.keys(require.cache)
    .filter((f) => f.startsWith(dist) && f !== file)
    .find((f) => Object.values(require.cache[f].exports ?? {}).includes(def.env));
  const source = relative(ROOT, (declaring ?? file).replace(`${dist}/`, `${dirname(dist)}/src/`).replace(/\.js$/, '.ts'));
  return { spec: def.env, source };
}

// ---------------------------------------------------------------------------------------------
// 3. Render.

/** Groups of the base settings, matched by variable name; anything unmatched goes to "Other". */
const BASE_GROUPS = [
  { title: 'NATS', match: (n) => n.startsWith('NATS_') || n === 'FLEET_SUBJECT_PREFIX' || n === 'FLEET_REQUEST_TIMEOUT_MS' },
  { title: 'Database (migrations: see ARCHITECTURE.md "Storage and migrations")', match: (n) => /(_DB_URL|_DATA_DIR|_MIGRATIONS_RUN)$/.test(n) },
  { title: 'Health port: /healthz, /readyz, /metrics', match: (n) => /_HEALTH_(PORT|HOST)$/.test(n) },
  { title: 'Logs and shutdown', match: (n) => n === 'LOG_LEVEL' || n.endsWith('_SHUTDOWN_GRACE_MS') },
];

function defaultOf(spec) {
  if (!('default' in spec)) return { required: true, text: '' };
  const v = typeof spec.default === 'function' ? spec.default() : spec.default;
  const text = v === undefined || v === null ? '' : Array.isArray(v) ? v.join(',') : String(v);
  return { required: false, text };
}

/** Dotenv value: bare when safe, double-quoted otherwise. */
function dotenvValue(text) {
  return /^[A-Za-z0-9_.,:/@+<>=-]*$/.test(text) ? text : JSON.stringify(text);
}

function trimStop(s) {
  return String(s).trim().replace(/[.]$/, '');
}

function sentence(s) {
  const t = trimStop(s);
  return t.charAt(0).toUpperCase() + t.slice(1);
}

function renderVar(name, spec) {
  const { required, text } = defaultOf(spec);
  const lines = [`# ${sentence(spec.doc)}. Expected: ${trimStop(spec.expected)}.${required ? ' Required: the service refuses to boot without it.' : ''}`];
  lines.push(required || text === '' ? `# ${name}=` : `${name}=${dotenvValue(text)}`);
  return lines.join('\n');
}

function renderGroup(title, entries) {
  return [`# --- ${title} ---`, ...entries.map(([n, s]) => renderVar(n, s))].join('\n\n');
}

function render(service) {
  const base = Object.entries(baseEnvSpec(service));
  const { spec: ownSpec, source } = ownEnvSpec(service);
  const own = Object.entries(ownSpec).filter(([n]) => !base.some(([b]) => b === n));
  const groups = [];
  const placed = new Set();
  for (const g of BASE_GROUPS) {
    const entries = base.filter(([n]) => !placed.has(n) && g.match(n));
    entries.forEach(([n]) => placed.add(n));
    if (entries.length) groups.push(renderGroup(g.title, entries));
  }
  const other = base.filter(([n]) => !placed.has(n));
  if (other.length) groups.push(renderGroup('Other shared settings', other));
  if (own.length) groups.push(renderGroup(`${service} only (declared in ${source})`, own));

  const header = [
    `# Environment of the ${service} service (variable prefix ${envPrefixOf(service)}_).`,
    `# Generated by ${GENERATOR} from the code that validates it: baseEnvSpec() in`,
    `# libs/shared/config/src/service-config.ts${own.length ? ` and ${source}` : ''}. Do not edit by hand:`,
    '# change the declaration, then run `node tools/dev/gen-env-example.mjs` (CI runs it with --check).',
    '# Each value shown is the default; an unset or empty variable gets it. A commented-out `# VAR=`',
    '# has no default value to show. A bad value stops the boot with exit code 78 naming the variable.',
  ].join('\n');
  return `${header}\n\n${groups.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// 4. Write or check.

const drifted = [];
for (const service of FleetServices) {
  const dir = join(ROOT, 'services', service);
  if (!existsSync(dir)) fail(`services/${service} does not exist (FleetServices lists it)`);
  const file = join(dir, '.env.example');
  const rel = relative(ROOT, file);
  const want = render(service);
  const have = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (have === want) {
    if (!check) process.stdout.write(`unchanged ${rel}\n`);
    continue;
  }
  if (check) drifted.push(`${rel}${have === undefined ? ' (missing)' : ''}`);
  else {
    writeFileSync(file, want);
    process.stdout.write(`wrote     ${rel}\n`);
  }
}

if (check) {
  if (drifted.length) {
    process.stderr.write(
      `These .env.example files differ from the code that declares the variables:\n${drifted.map((f) => `  ${f}`).join('\n')}\n` +
        `Run \`node ${GENERATOR}\` and commit the result.\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`all ${FleetServices.length} .env.example files match the code\n`);
}
