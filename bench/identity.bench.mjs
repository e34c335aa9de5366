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
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NOT_FOUND_MESSAGE, findNatsServer, startNatsServer, stopNatsServer } from '../tools/fleet/nats.mjs';
import { percentile, round, startBenchServices } from './lib/services.mjs';

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

function startServices(natsUrl, dir) {
  // the gateway's sign-in and address rate limits would cap a load test from one address
  const env = { GATEWAY_RATE_LIMIT_LOGIN_PER_MINUTE: '0', GATEWAY_RATE_LIMIT_IP_PER_SECOND: '0', GATEWAY_RATE_LIMIT_PRINCIPAL_PER_SECOND: '0' };
  return startBenchServices({ services: SERVICES, natsUrl, dir, admin: ADMIN, env, readyTimeoutMs: 60_000 });
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
