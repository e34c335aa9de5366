// Scheduler benchmark: firing precision and exactly-once across two replicas (real processes).
//
//   npm run bench -- scheduler [--timers 10000] [--window 10] [--db sqlite|<postgres url>] [--smoke]
//
// Starts nats-server (unless NATS_URL is set), the built accounts (service tokens, JWKS) and TWO
// scheduler processes (`services/<name>/dist/main.js`; build first) on a private subject prefix,
// sharing one database (SQLite file in WAL mode with busy timeouts, or PostgreSQL with --db URL).
// Two runs:
//   steady  `--timers` one-shot timers (scheduler.timer.create, as work-portal's service token)
//           due evenly within a `--window`-second window; both replicas fire them.
//   kill    the same, and one replica is killed (SIGKILL) a third into the window.
// An independent JetStream consumer counts the `scheduler.timer.fired` events keyed by
// (job, due time): lag = arrival − due (p50/p99/max, ms), duplicates (a key seen twice), misses
// (a key never seen). `--smoke`: 1,000 timers in 5 s. One JSON object is printed.
import { spawn } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { NOT_FOUND_MESSAGE, findNatsServer, startNatsServer, stopNatsServer } from '../tools/fleet/nats.mjs';
import { freePort } from '../tools/fleet/ports.mjs';
import { percentile } from './lib/services.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LEASE_MS = 2000;
const LOOKAHEAD_MS = 500;

function options(args) {
  const o = { timers: 10_000, window: 10, db: 'sqlite', smoke: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--smoke') o.smoke = true;
    else if (a === '--timers') o.timers = Number(args[++i]);
    else if (a === '--window') o.window = Number(args[++i]);
    else if (a === '--db') o.db = args[++i];
    else throw new Error(`unknown option ${a} (expected --timers N, --window S, --db sqlite|postgres://…, --smoke)`);
  }
  if (o.smoke) Object.assign(o, { timers: 1000, window: 5 });
  if (!(o.timers > 0) || !(o.window > 0)) throw new Error('--timers and --window must be positive');
  return o;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function spawnService(name, env, dir, tag) {
  const fd = openSync(join(dir, `${tag}.log`), 'a');
  const child = spawn(process.execPath, [join('services', name, 'dist', 'main.js')], { cwd: repoRoot, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return { name, tag, child, exited: new Promise((r) => child.once('exit', r)) };
}

async function waitReady(s, port, dir) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (s.child.exitCode !== null) throw new Error(`${s.tag} exited during start (see ${join(dir, `${s.tag}.log`)})`);
    if (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false)) return;
    if (Date.now() > deadline) throw new Error(`${s.tag} not ready within 60 s`);
    await sleep(100);
  }
}

async function startFleet(natsUrl, dir, db) {
  const prefix = `bench${randomBytes(4).toString('hex')}`;
  const secret = randomBytes(48).toString('base64url');
  const base = { PATH: process.env.PATH, NATS_URL: natsUrl, FLEET_SUBJECT_PREFIX: prefix, FLEET_DATA_DIR: dir, LOG_LEVEL: 'warn', FLEET_SERVICE_SECRET: secret };
  const schedulerDb = db === 'sqlite' ? `sqlite:${join(dir, 'scheduler.db')}` : `${db}${db.includes('?') ? '&' : '?'}schema=bench_${prefix}`;
  const procs = [];
  const accountsPort = await freePort();
  const accounts = spawnService('accounts', { ...base, ACCOUNTS_DB_URL: `sqlite:${join(dir, 'accounts.db')}`, ACCOUNTS_HEALTH_PORT: String(accountsPort) }, dir, 'accounts');
  procs.push(accounts);
  await waitReady(accounts, accountsPort, dir);
  const replicas = [];
  for (const tag of ['scheduler-a', 'scheduler-b']) {
    const port = await freePort();
    const env = { ...base, SCHEDULER_DB_URL: schedulerDb, SCHEDULER_HEALTH_PORT: String(port), SCHEDULER_LEASE_MS: String(LEASE_MS), SCHEDULER_LOOKAHEAD_MS: String(LOOKAHEAD_MS) };
    const s = spawnService('scheduler', env, dir, tag);
    procs.push(s);
    // the first replica migrates the shared database; start the second once it is ready
    await waitReady(s, port, dir);
    replicas.push(s);
  }
  const stop = async () => {
    for (const s of procs) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
    await Promise.race([Promise.all(procs.map((s) => s.exited)), sleep(10_000)]);
    for (const s of procs) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  };
  return { prefix, secret, replicas, stop };
}

/** NATS request in the fleet's wire format; throws the error envelope. */
async function request(nc, subject, data, headers = {}) {
  const { headers: natsHeaders } = await import('@nats-io/transport-node');
  const h = natsHeaders();
  for (const [k, v] of Object.entries(headers)) h.set(k, v);
  const msg = await nc.request(subject, JSON.stringify({ pattern: subject, data, id: randomUUID() }), { timeout: 30_000, headers: h });
  const body = JSON.parse(new TextDecoder().decode(msg.data));
  if (body.err) throw new Error(`${subject}: ${JSON.stringify(body.err)}`);
  return body.response;
}

async function serviceToken(nc, prefix, secret) {
  const clientSecret = createHmac('sha256', secret).update('work-portal').digest('base64url');
  const r = await request(nc, `${prefix}.accounts.auth.token`, { grant_type: 'client_credentials', client_id: 'work-portal', client_secret: clientSecret });
  return `Bearer ${r.access_token}`;
}

/** Counts fired events of one environment, keyed by (job, due time). */
async function startCounter(nc, prefix, environmentId) {
  const subject = `${prefix}.scheduler.timer.fired`;
  const jsm = await jetstreamManager(nc);
  const stream = await jsm.streams.find(subject);
  const name = `bench_${randomBytes(4).toString('hex')}`;
  await jsm.consumers.add(stream, { name, filter_subject: subject, ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.New, inactive_threshold: 120_000_000_000 });
  const consumer = await jetstream(nc).consumers.get(stream, name);
  const seen = new Map();
  const lags = [];
  let duplicates = 0;
  const messages = await consumer.consume({ max_messages: 1000 });
  void (async () => {
    for await (const m of messages) {
      const now = Date.now();
      const e = m.json();
      if (e.environmentId !== environmentId) continue;
      const key = `${e.jobId}@${e.dueAt}`;
      if (seen.has(key)) duplicates++;
      else {
        seen.set(key, now);
        lags.push(now - Date.parse(e.dueAt));
      }
    }
  })();
  return { seen, lags, duplicates: () => duplicates, stop: () => messages.stop() };
}

async function scenario(nc, fleet, o, kill) {
  const token = await serviceToken(nc, fleet.prefix, fleet.secret); // 15-minute tokens: one per scenario
  const companyId = randomUUID();
  const environmentId = randomUUID();
  const counter = await startCounter(nc, fleet.prefix, environmentId);
  const create = (key, at) => request(nc, `${fleet.prefix}.scheduler.timer.create`, { environmentId, companyId, key, schedule: { at } }, { authorization: token });
  // measure creation speed on a probe (same concurrency), then place the window after creation is expected to end
  const concurrency = 32;
  const probe = 128;
  const far = new Date(Date.now() + 3600_000).toISOString();
  // warm up first (JIT, JWKS fetch, connections): a cold probe overestimated creation fourfold
  await Promise.all(Array.from({ length: concurrency }, (_, k) => create(`warm-${k}`, far)));
  const probeStart = Date.now();
  for (let i = 0; i < probe; i += concurrency) await Promise.all(Array.from({ length: concurrency }, (_, k) => create(`probe-${i + k}`, far)));
  const perTimer = (Date.now() - probeStart) / probe;
  const windowStart = Date.now() + Math.ceil(perTimer * o.timers * 1.3 + 5000);
  const step = (o.window * 1000) / o.timers;
  const expected = [];
  const createStart = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < o.timers) {
        const i = next++;
        const at = new Date(windowStart + Math.floor(i * step)).toISOString();
        const job = await create(`t-${i}`, at);
        expected.push(`${job.id}@${new Date(at).toISOString()}`);
      }
    }),
  );
  const createdMs = Date.now() - createStart;
  let killedAt = null;
  if (kill) {
    await sleep(Math.max(0, windowStart + (o.window * 1000) / 3 - Date.now()));
    fleet.replicas[0].child.kill('SIGKILL');
    killedAt = new Date().toISOString();
  }
  const deadline = windowStart + o.window * 1000 + LEASE_MS + LOOKAHEAD_MS + 15_000;
  while (Date.now() < deadline && expected.some((k) => !counter.seen.has(k))) await sleep(200);
  await sleep(1000); // late duplicates would arrive now
  counter.stop();
  const lags = [...counter.lags].sort((a, b) => a - b);
  const misses = expected.filter((k) => !counter.seen.has(k)).length;
  return {
    timers: o.timers,
    windowSeconds: o.window,
    createdPerSecond: Math.round((o.timers / createdMs) * 1000),
    creationOverlappedWindow: createStart + createdMs > windowStart,
    fired: counter.seen.size,
    lagMs: { p50: percentile(lags, 50), p99: percentile(lags, 99), max: lags.at(-1) ?? null },
    duplicates: counter.duplicates(),
    misses,
    ...(kill ? { killedReplicaAt: killedAt, lagLimitMs: LEASE_MS + LOOKAHEAD_MS + 1000, over: lags.filter((l) => l > LEASE_MS + LOOKAHEAD_MS + 1000).length } : {}),
  };
}

export async function run(args) {
  const o = options(args);
  const dir = mkdtempSync(join(tmpdir(), 'fleet-bench-scheduler-'));
  let nats;
  let fleet;
  let nc;
  try {
    let natsUrl = process.env.NATS_URL;
    if (!natsUrl) {
      const executable = findNatsServer();
      if (!executable) throw new Error(NOT_FOUND_MESSAGE);
      nats = await startNatsServer({ executable, storeDir: join(dir, 'nats'), logPath: join(dir, 'nats.log'), cwd: dir, verbose: false });
      natsUrl = nats.url;
    }
    fleet = await startFleet(natsUrl, dir, o.db);
    nc = await connect({ servers: natsUrl.split(',') });
    const loadBefore = loadavg()[0];
    const steady = await scenario(nc, fleet, o, false);
    process.stderr.write(`steady: ${JSON.stringify(steady)}\n`);
    const killed = await scenario(nc, fleet, o, true);
    process.stderr.write(`kill: ${JSON.stringify(killed)}\n`);
    const loadAfter = loadavg()[0];
    return {
      benchmark: 'scheduler',
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadAverage1m: { before: Math.round(loadBefore * 10) / 10, after: Math.round(loadAfter * 10) / 10 } },
      database: o.db === 'sqlite' ? 'sqlite (one file, WAL, two processes)' : 'postgresql',
      replicas: 2,
      leaseMs: LEASE_MS,
      lookaheadMs: LOOKAHEAD_MS,
      steady,
      killOneReplica: killed,
      targets: { p99LagMs: 100, duplicates: 0, misses: 0, killRunMaxLagMs: LEASE_MS + LOOKAHEAD_MS + 1000 },
    };
  } finally {
    await nc?.close().catch(() => undefined);
    await fleet?.stop();
    if (nats) await stopNatsServer(nats.handle);
    if (process.env.BENCH_KEEP) process.stderr.write(`kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
