// Finds the infrastructure the integration and end-to-end tests need, in this order of precedence:
//   1. environment URLs (NATS_URL, TEST_PG_URL): what CI and developers with running servers use;
//   2. testcontainers, when a Docker engine answers;
//   3. local binaries (nats-server; PostgreSQL's initdb/pg_ctl), started on free loopback ports.
// With CI set, a missing dependency is an error, never a skip. Plain CommonJS so that both Jest's
// globalSetup and tools/test/run-tests.mjs can use it.
'use strict';
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

function log(msg) {
  process.stderr.write(`[test-infra] ${msg}\n`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function tcpReachable(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come up within ${timeoutMs} ms`);
}

function which(bin, extra = []) {
  for (const dir of [...(process.env.PATH || '').split(':'), ...extra]) {
    const p = path.join(dir, bin);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

async function dockerAvailable() {
  try {
    const tc = require('testcontainers');
    await tc.getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function natsFromEnv() {
  const url = process.env.NATS_URL;
  if (!url) return undefined;
  const u = new URL(url.split(',')[0]);
  if (!(await tcpReachable(u.hostname, Number(u.port || 4222)))) {
    throw new Error(`NATS_URL=${url} is set but nothing answers there: start nats-server with JetStream (-js) or unset NATS_URL`);
  }
  return { url, source: 'env', stop: async () => {} };
}

async function natsFromDocker() {
  const { GenericContainer, Wait } = require('testcontainers');
  const c = await new GenericContainer('nats:2.10').withCommand(['-js']).withExposedPorts(4222).withWaitStrategy(Wait.forLogMessage(/Server is ready/)).start();
  return { url: `nats://${c.getHost()}:${c.getMappedPort(4222)}`, source: 'testcontainers', stop: () => c.stop() };
}

async function natsFromBinary() {
  const bin = which('nats-server', ['/usr/sbin', '/usr/local/bin', '/usr/bin']);
  if (!bin) return undefined;
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleet-test-nats-'));
  const child = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' });
  await waitFor(() => tcpReachable('127.0.0.1', port, 300), 10000, 'nats-server');
  return {
    url: `nats://127.0.0.1:${port}`,
    source: `local binary ${bin}`,
    stop: async () => {
      child.kill('SIGINT');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function pgReachable(url) {
  const { Client } = require('pg');
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

async function pgFromEnv() {
  const url = process.env.TEST_PG_URL;
  if (!url) return undefined;
  if (!(await pgReachable(url))) throw new Error(`TEST_PG_URL=${url.replace(/:[^:@/]*@/, ':***@')} is set but PostgreSQL does not answer there: start it or unset TEST_PG_URL`);
  return { url, source: 'env', stop: async () => {} };
}

async function pgFromDocker() {
  const { PostgreSqlContainer } = require('@testcontainers/postgresql');
  const c = await new PostgreSqlContainer('postgres:16-alpine').start();
  return { url: c.getConnectionUri(), source: 'testcontainers', stop: () => c.stop() };
}

async function pgFromBinary() {
  const roots = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort().reverse() : [];
  const binDir = roots.map((v) => `/usr/lib/postgresql/${v}/bin`).find((d) => existsSync(`${d}/initdb`)) || path.dirname(which('initdb') || '/nonexistent/x');
  if (!existsSync(path.join(binDir, 'initdb'))) return undefined;
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleet-test-pg-'));
  const asRoot = process.getuid && process.getuid() === 0;
  const run = (cmd, args) => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
  const data = path.join(dir, 'data');
  const [c1, a1] = run(path.join(binDir, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync']);
  const init = spawnSync(c1, a1, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const [c2, a2] = run(path.join(binDir, 'pg_ctl'), ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-l', path.join(dir, 'log'), '-w', 'start']);
  const start = spawnSync(c2, a2, { encoding: 'utf8' });
  if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.stderr}${start.stdout}`);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    source: `local binaries ${binDir}`,
    stop: async () => {
      const [c3, a3] = run(path.join(binDir, 'pg_ctl'), ['-D', data, '-m', 'fast', 'stop']);
      spawnSync(c3, a3);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function resolveOne(name, env, docker, binary, hint) {
  const fromEnv = await env();
  if (fromEnv) return fromEnv;
  if (await dockerAvailable()) return docker();
  const fromBinary = await binary().catch((err) => {
    log(`${name}: local binaries failed: ${err.message}`);
    return undefined;
  });
  if (fromBinary) return fromBinary;
  throw new Error(`no ${name} for the tests: ${hint}`);
}

/** Resolves NATS and PostgreSQL once; returns their URLs, where they came from, and how to stop what was started. */
async function resolveInfrastructure() {
  const nats = await resolveOne('NATS', natsFromEnv, natsFromDocker, natsFromBinary, 'set NATS_URL, run a Docker engine, or install nats-server (apt-get install nats-server)');
  const pg = await resolveOne('PostgreSQL', pgFromEnv, pgFromDocker, pgFromBinary, 'set TEST_PG_URL, run a Docker engine, or install PostgreSQL (apt-get install postgresql)');
  log(`NATS ${nats.url} (${nats.source}); PostgreSQL ${pg.url.replace(/:[^:@/]*@/, ':***@')} (${pg.source})`);
  return {
    natsUrl: nats.url,
    pgUrl: pg.url,
    stop: async () => {
      await Promise.allSettled([nats.stop(), pg.stop()]);
    },
  };
}

module.exports = { resolveInfrastructure, freePort, tcpReachable, dockerAvailable };
