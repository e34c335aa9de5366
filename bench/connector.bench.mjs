// Connector benchmark: connector test calls per second through the gateway.
//
//   npm run bench -- connector [--seconds 10] [--concurrency 8] [--smoke]
//
// Starts nats-server (unless NATS_URL is set) and the built accounts, platform, connector and
// gateway (`services/<name>/dist/main.js`; run `npm run build` first) on a private subject prefix,
// each with its own SQLite file in a temporary directory, and a plain node:http target on loopback.
// Signs in as the bootstrap administrator, creates a subscription, project and environment, allows
// http + private networks for it, sets parameters (BASE_URL; API_KEY as a secret reference resolved
// from a secrets directory) and two connector definitions, then, for `--seconds` each (default 10;
// `--smoke`: 2), `--concurrency` workers (default 8) loop on
//   POST /api/v1/environments/{id}/connectors/definitions/{name}/test
// for `plain` (no authentication) and `apiKey` (secret resolved, header set, response mapped), and
// prints one JSON object: calls, per second, p50/p99 latency (ms), errors. Every call goes
// HTTP → gateway → NATS → connector (platform permission check over NATS, invocation row written
// before and after the outbound call, SQLite synchronous=FULL) → target.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NOT_FOUND_MESSAGE, findNatsServer, startNatsServer, stopNatsServer } from '../tools/fleet/nats.mjs';
import { percentile, round, startBenchServices } from './lib/services.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SERVICES = ['accounts', 'platform', 'connector', 'gateway'];
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


async function measure({ seconds, concurrency }, op) {
  const latencies = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        const ok = await op().catch(() => false);
        if (ok) latencies.push(performance.now() - t);
        else errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { calls: latencies.length, perSecond: round(latencies.length / elapsed), p50Ms: round(percentile(latencies, 50)), p99Ms: round(percentile(latencies, 99)), errors, seconds: round(elapsed, 2) };
}

function startServices(natsUrl, dir, secretsDir) {
  return startBenchServices({ services: SERVICES, natsUrl, dir, admin: ADMIN, env: { FLEET_SECRETS_DIR: secretsDir } });
}

async function api(gatewayUrl, method, path, token, body) {
  const r = await fetch(`${gatewayUrl}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

/** The environment, parameters and definitions the calls use. */
async function prepare(gatewayUrl, targetUrl, secretsDir) {
  let token;
  for (const until = Date.now() + 60_000; !token; ) {
    token = await api(gatewayUrl, 'POST', '/api/v1/auth/login', undefined, ADMIN).then((t) => t.access_token, (err) => {
      if (Date.now() > until) throw err;
      return new Promise((r) => setTimeout(r, 250));
    });
  }
  const me = await api(gatewayUrl, 'GET', '/api/v1/me', token);
  for (const until = Date.now() + 30_000; (await api(gatewayUrl, 'GET', '/api/v1/me/access', token)).grants.length < 2; ) {
    if (Date.now() > until) throw new Error('no bootstrap grants');
    await new Promise((r) => setTimeout(r, 200));
  }
  const sub = await api(gatewayUrl, 'POST', '/api/v1/subscriptions', token, { companyId: me.companyId, kind: 'automation', name: 'Automation' });
  const project = await api(gatewayUrl, 'POST', '/api/v1/projects', token, { subscriptionId: sub.id, name: 'Bench' });
  const env = await api(gatewayUrl, 'POST', `/api/v1/projects/${project.id}/environments`, token, { kind: 'development' });
  writeFileSync(join(secretsDir, `${env.id}-bench-key`), randomBytes(16).toString('hex'));
  const base = `/api/v1/environments/${env.id}/connectors`;
  await api(gatewayUrl, 'PUT', `${base}/outbound-policy`, token, { allowHttp: true, allowPrivateNetworks: true });
  await api(gatewayUrl, 'PUT', `${base}/parameters/BASE_URL`, token, { secret: false, value: targetUrl });
  await api(gatewayUrl, 'PUT', `${base}/parameters/API_KEY`, token, { secret: true, secretRef: 'bench-key' });
  await api(gatewayUrl, 'PUT', `${base}/definitions/plain`, token, { content: { method: 'GET', urlTemplate: '{{param:BASE_URL}}/plain', auth: { type: 'none' } } });
  await api(gatewayUrl, 'PUT', `${base}/definitions/apiKey`, token, {
    content: { method: 'POST', urlTemplate: '{{param:BASE_URL}}/items/{{id}}', bodyTemplate: '{"id": {{id}}}', auth: { type: 'apiKey', key: '{{param:API_KEY}}', in: 'header', name: 'X-Api-Key' }, responseMapping: { id: '$.id' } },
  });
  return { token, base };
}

export async function run(args) {
  const o = options(args);
  const dir = mkdtempSync(join(tmpdir(), 'fleet-bench-connector-'));
  const secretsDir = join(dir, 'secrets');
  mkdirSync(secretsDir);
  const target = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: req.url, ok: true }));
    });
  });
  await new Promise((r) => target.listen(0, '127.0.0.1', r));
  const targetUrl = `http://127.0.0.1:${target.address().port}`;
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
    fleet = await startServices(natsUrl, dir, secretsDir);
    const { token, base } = await prepare(fleet.gatewayUrl, targetUrl, secretsDir);
    const call = (name, body) => async () => {
      const r = await fetch(`${fleet.gatewayUrl}${base}/definitions/${name}/test`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      const reply = await r.json();
      return r.status === 200 && reply.outcome === 'ok';
    };
    await call('plain', {})(); // warm-up
    const plain = await measure(o, call('plain', {}));
    let n = 0;
    const apiKey = await measure(o, () => call('apiKey', { input: { id: `i${n++}` } })());
    return {
      benchmark: 'connector',
      path: 'HTTP → gateway → NATS → connector (permission check, invocation recorded, SQLite synchronous=FULL) → loopback HTTP target',
      concurrency: o.concurrency,
      secondsEach: o.seconds,
      machine: { node: process.version, cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown' },
      plain,
      apiKey,
    };
  } finally {
    await fleet?.stop();
    if (nats) await stopNatsServer(nats.handle);
    target.close();
    if (process.env.BENCH_KEEP) process.stderr.write(`logs kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
