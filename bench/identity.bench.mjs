// Identity benchmark: sign-ins/s and token refreshes/s over HTTP through the gateway.
//
//   npm run bench -- identity [--seconds 10] [--concurrency 8] [--smoke]
//
// Starts nats-server (unless NATS_URL is set) and the built accounts, platform and gateway
// (`services/<name>/dist/main.js`; run `npm run build` first) on a private subject prefix, each with
// its own SQLite file in a temporary directory. platform's first start creates the bootstrap
// administrator, the user signed in here. Then, for `--seconds` each (default 10; `--smoke`: 2),
// `--concurrency` workers (default 8) loop on:
//   logins     POST /api/v1/auth/login: bound by argon2id (m=19 MiB, t=2, p=1), on purpose
//   refreshes  POST /api/v1/auth/refresh: each worker rotates its own session's refresh token
// and one JSON object is printed: operations, per second, p50/p99 latency (ms), errors.
// Everything started is stopped and the temporary directory removed at the end (BENCH_KEEP=1 keeps
// it, with each service's log; BENCH_DEBUG=1 prints every refused refresh on stderr).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NOT_FOUND_MESSAGE, findNatsServer, startNatsServer, stopNatsServer } from '../tools/fleet/nats.mjs';
import { freePort } from '../tools/fleet/ports.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SERVICES = ['accounts', 'platform', 'gateway'];
const ADMIN = { email: 'bench-admin@fleet.example', password: 'Bench-Admin-Passw0rd!' };

function options(args) {
  const o = { seconds: 10, concurrency: 8, smoke: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--smoke') o.smoke = true;
    else if (a === '--seconds') o.seconds = Number(args[++i]);
    else if (a === '--concurrency') o.concurrency = Number(args[++i]);
    else throw new Error(`unknown option ${a} (expected --seconds N, --concurrency N, --smoke)`);
  }
  if (o.smoke) o.seconds = 2;
  if (!(o.seconds > 0) || !(o.concurrency >= 1)) throw new Error('--seconds and --concurrency must be positive');
  return o;
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : null);
const round = (x, d = 1) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

/** Runs `op` on `concurrency` workers for `seconds`; each worker gets its own state from `setup`. */
async function measure({ seconds, concurrency }, setup, op) {
  const states = await Promise.all(Array.from({ length: concurrency }, () => setup()));
  const latencies = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    states.map(async (state) => {
      while (performance.now() < deadline) {
        const t = performance.now();
        const ok = await op(state).catch(() => false);
        if (ok) latencies.push(performance.now() - t);
        else errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { operations: latencies.length, perSecond: round(latencies.length / elapsed), p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)), errors, seconds: round(elapsed, 2) };
}

async function startServices(natsUrl, dir) {
  const prefix = `bench${randomBytes(4).toString('hex')}`;
  const gatewayPort = await freePort();
  const secret = randomBytes(48).toString('base64url');
  const procs = [];
  for (const name of SERVICES) {
    const p = name.toUpperCase();
    const healthPort = await freePort();
    const env = {
      PATH: process.env.PATH,
      NATS_URL: natsUrl,
      FLEET_SUBJECT_PREFIX: prefix,
      FLEET_DATA_DIR: dir,
      [`${p}_DB_URL`]: `sqlite:${join(dir, `${name}.db`)}`,
      [`${p}_HEALTH_PORT`]: String(healthPort),
      GATEWAY_PORT: String(gatewayPort),
      // the gateway's sign-in and address rate limits would cap a load test from one address
      GATEWAY_RATE_LIMIT_LOGIN_PER_MINUTE: '0',
      GATEWAY_RATE_LIMIT_IP_PER_SECOND: '0',
      GATEWAY_RATE_LIMIT_PRINCIPAL_PER_SECOND: '0',
      LOG_LEVEL: 'warn',
      FLEET_SERVICE_SECRET: secret,
      FLEET_ADMIN_EMAIL: ADMIN.email,
      FLEET_ADMIN_PASSWORD: ADMIN.password,
    };
    const fd = openSync(join(dir, `${name}.log`), 'a');
    const child = spawn(process.execPath, [join('services', name, 'dist', 'main.js')], { cwd: repoRoot, env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    procs.push({ name, child, healthPort, exited: new Promise((r) => child.once('exit', r)) });
  }
  const deadline = Date.now() + 60_000;
  for (const s of procs) {
    for (;;) {
      if (s.child.exitCode !== null) throw new Error(`${s.name} exited during start (see ${join(dir, `${s.name}.log`)})`);
      if (await fetch(`http://127.0.0.1:${s.healthPort}/readyz`).then((r) => r.ok, () => false)) break;
      if (Date.now() > deadline) throw new Error(`${s.name} not ready within 60 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const stop = async () => {
    for (const s of procs) if (s.child.exitCode === null) s.child.kill('SIGTERM');
    await Promise.race([Promise.all(procs.map((s) => s.exited)), new Promise((r) => setTimeout(r, 10_000))]);
    for (const s of procs) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  };
  return { gatewayUrl: `http://127.0.0.1:${gatewayPort}`, stop };
}

const post = (url, body) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Signs in and returns the pair (retrying while platform's bootstrap creates the administrator). */
async function signIn(gatewayUrl, retryMs = 0) {
  const until = Date.now() + retryMs;
  for (;;) {
    const r = await post(`${gatewayUrl}/api/v1/auth/login`, ADMIN);
    if (r.status === 200) return r.json();
    if (Date.now() > until) throw new Error(`sign-in answered ${r.status}: ${await r.text()}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

export async function run(args) {
  const o = options(args);
  const dir = mkdtempSync(join(tmpdir(), 'fleet-bench-identity-'));
  let nats;
  let fleet;
  try {
    let natsUrl = process.env.NATS_URL;
    if (!natsUrl) {
      const executable = findNatsServer();
      if (!executable) throw new Error(NOT_FOUND_MESSAGE);
      nats = await startNatsServer({ executable, storeDir: join(dir, 'nats'), logPath: join(dir, 'nats.log'), cwd: dir, verbose: false });
      natsUrl = nats.url;
    }
    fleet = await startServices(natsUrl, dir);
    await signIn(fleet.gatewayUrl, 30_000); // the administrator exists; also warms up every path
    const logins = await measure(o, async () => ({}), async () => (await post(`${fleet.gatewayUrl}/api/v1/auth/login`, ADMIN).then((r) => r.arrayBuffer().then(() => r.status))) === 200);
    const refreshes = await measure(
      o,
      async () => ({ token: (await signIn(fleet.gatewayUrl)).refresh_token }),
      async (state) => {
        const r = await post(`${fleet.gatewayUrl}/api/v1/auth/refresh`, { refresh_token: state.token });
        if (r.status !== 200) {
          if (process.env.BENCH_DEBUG) process.stderr.write(`refresh ${r.status} ${await r.text()}\n`);
          return false;
        }
        state.token = (await r.json()).refresh_token;
        return true;
      },
    );
    return {
      benchmark: 'identity',
      path: 'HTTP → gateway → NATS → accounts (SQLite, synchronous=FULL)',
      concurrency: o.concurrency,
      secondsEach: o.seconds,
      machine: { node: process.version, cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown' },
      argon2id: { memoryKiB: 19456, iterations: 2, parallelism: 1 },
      logins,
      refreshes,
    };
  } finally {
    await fleet?.stop();
    if (nats) await stopNatsServer(nats.handle);
    if (process.env.BENCH_KEEP) process.stderr.write(`logs kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
