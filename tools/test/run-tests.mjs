// `npm test`: every tier of every project, on real infrastructure.
//   1. build (the end-to-end tier runs the built services as processes);
//   2. resolve NATS and PostgreSQL once (environment > Docker > local binaries) for all projects;
//   3. unit (`test`) and integration (`test-int`) targets of every project through Nx;
//   4. the end-to-end tier (the fleet through the gateway);
//   5. one closing line with the totals: "tests: N passed, N failed, N skipped".
// Options: --unit, --int, --e2e run only those tiers.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { resolveInfrastructure } = require(join(root, 'libs/shared/testing/src/infra.cjs'));

const args = process.argv.slice(2);
const only = ['--unit', '--int', '--e2e'].filter((a) => args.includes(a));
const wants = (tier) => only.length === 0 || only.includes(`--${tier}`);
const summaryDir = mkdtempSync(join(tmpdir(), 'fleet-test-summary-'));
const summaryFile = join(summaryDir, 'summary.jsonl');

function run(title, cmd, cmdArgs, env = {}) {
  const t0 = Date.now();
  process.stdout.write(`\n=== ${title} ===\n`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FLEET_TEST_SUMMARY_FILE: summaryFile, ...env } });
  process.stdout.write(`=== ${title}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s ===\n`);
  return r.status === 0;
}

const nx = join(root, 'node_modules/.bin/nx');
const failures = [];
if (!run('build', join(root, 'node_modules/.bin/tsc'), ['-b', 'tsconfig.build.json'])) {
  process.stdout.write('the build failed: fix the compiler errors above, then run npm test again\n');
  process.exit(1);
}

let infra;
try {
  infra = wants('int') || wants('e2e') ? await resolveInfrastructure() : undefined;
} catch (err) {
  // one clear line saying what to do, not a stack trace
  process.stdout.write(`\n${err.message}\n\ntests: 0 passed, 1 failed, 0 skipped\n`);
  process.exit(1);
}
const infraEnv = infra ? { NATS_URL: infra.natsUrl, TEST_PG_URL: infra.pgUrl } : {};
try {
  if (wants('unit') && !run('unit tests (*.spec.ts)', nx, ['run-many', '-t', 'test', '--parallel=2', '--outputStyle=stream'])) failures.push('unit');
  if (wants('int') && !run('integration tests (*.int-spec.ts: real NATS, SQLite and PostgreSQL)', nx, ['run-many', '-t', 'test-int', '--parallel=2', '--outputStyle=stream'], infraEnv)) failures.push('integration');
  if (wants('e2e') && !run('end-to-end tests (*.e2e-spec.ts: the fleet as processes, through the gateway)', nx, ['run', '@fleet/gateway:test-e2e', '--outputStyle=stream'], infraEnv)) failures.push('end-to-end');
} finally {
  await infra?.stop();
}

const totals = { passed: 0, failed: 0, skipped: 0, suitesFailed: 0 };
if (existsSync(summaryFile)) {
  for (const line of readFileSync(summaryFile, 'utf8').split('\n').filter(Boolean)) {
    const r = JSON.parse(line);
    for (const k of Object.keys(totals)) totals[k] += r[k];
  }
}
rmSync(summaryDir, { recursive: true, force: true });
if (failures.length) process.stdout.write(`\nfailed tiers: ${failures.join(', ')}${totals.suitesFailed ? ` (${totals.suitesFailed} suites failed to run)` : ''}\n`);
process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(failures.length || totals.failed ? 1 : 0);
