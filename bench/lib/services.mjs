// What the benchmarks share: starting built services as processes on one run's subject prefix, and
// the statistics they print.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../tools/fleet/ports.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The p-th percentile of an ascending array (null when empty). */
export const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : null);

/** `x` rounded to `d` decimals (null stays null). */
export const round = (x, d = 1) => (x === null || x === undefined ? null : Math.round(x * 10 ** d) / 10 ** d);

/**
 * Starts `services/<name>/dist/main.js` for each name (run `npm run build` first), each with its own
 * SQLite file and log in `dir`, a free health port, one shared FLEET_SERVICE_SECRET and `env` on top;
 * resolves once every `/readyz` answers 200 (everything started is stopped if one does not).
 */
export async function startBenchServices({ services, natsUrl, dir, admin, prefix = `bench${randomBytes(4).toString('hex')}`, env = {}, readyTimeoutMs = 180_000 }) {
  const gatewayPort = await freePort();
  const secret = randomBytes(48).toString('base64url');
  const procs = [];
  for (const name of services) {
    const p = name.toUpperCase().replace(/-/g, '_');
    const healthPort = await freePort();
    const processEnv = {
      PATH: process.env.PATH,
      NATS_URL: natsUrl,
      FLEET_SUBJECT_PREFIX: prefix,
      FLEET_DATA_DIR: dir,
      [`${p}_DB_URL`]: `sqlite:${join(dir, `${name}.db`)}`,
      [`${p}_HEALTH_PORT`]: String(healthPort),
      GATEWAY_PORT: String(gatewayPort),
      LOG_LEVEL: 'warn',
      FLEET_SERVICE_SECRET: secret,
      FLEET_ADMIN_EMAIL: admin.email,
      FLEET_ADMIN_PASSWORD: admin.password,
      ...env,
    };
    const fd = openSync(join(dir, `${name}.log`), 'a');
    const child = spawn(process.execPath, [join('services', name, 'dist', 'main.js')], { cwd: repoRoot, env: processEnv, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    procs.push({ name, child, healthPort, exited: new Promise((r) => child.once('exit', r)) });
  }
  const stop = async () => {
    for (const s of procs) if (s.child.exitCode === null) s.child.kill('SIGTERM');
    await Promise.race([Promise.all(procs.map((s) => s.exited)), new Promise((r) => setTimeout(r, 10_000))]);
    for (const s of procs) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  };
  const deadline = Date.now() + readyTimeoutMs;
  try {
    for (const s of procs) {
      for (;;) {
        if (s.child.exitCode !== null) throw new Error(`${s.name} exited during start (see ${join(dir, `${s.name}.log`)})`);
        if (await fetch(`http://127.0.0.1:${s.healthPort}/readyz`).then((r) => r.ok, () => false)) break;
        if (Date.now() > deadline) throw new Error(`${s.name} not ready within ${readyTimeoutMs / 1000} s (see ${join(dir, `${s.name}.log`)})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { gatewayUrl: `http://127.0.0.1:${gatewayPort}`, prefix, stop };
}
