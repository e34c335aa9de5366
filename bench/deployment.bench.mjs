// Deployment benchmark: package build and apply times over HTTP through the gateway.
//
//   npm run bench -- deployment [--iterations 20] [--artifacts 50] [--smoke]
//
// Starts nats-server (unless NATS_URL is set) and the built accounts, platform, gateway, deployment
// and the four runtime services with their package receivers (`services/<name>/dist/main.js`; run
// `npm run build` first) on a private subject prefix, each with its own SQLite file in a temporary
// directory. The catalog is a stand-in on the same NATS answering `catalog.tag.snapshot` (its
// documented contract) with `--artifacts` artifacts per tag (processes of ~2 KiB BPMN each, one
// entity, parameters). Each iteration defines a new tag (new process versions: no maintenance
// window), then measures:
//   build   POST /api/v1/projects/{id}/packages { tag }: snapshot, hash checks, canonical JSON, Ed25519 signature, insert
//   apply   POST /api/v1/environments/{id}/deployments, then polling GET until `done`: outbox → JetStream →
//           four receivers stage and acknowledge → commit → activate and acknowledge → done
// One JSON object is printed (p50/p99/max ms, errors, package bytes). `--smoke`: 3 iterations of 10 artifacts.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '@nats-io/transport-node';
import { NOT_FOUND_MESSAGE, findNatsServer, startNatsServer, stopNatsServer } from '../tools/fleet/nats.mjs';
import { round, startBenchServices } from './lib/services.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SERVICES = ['accounts', 'platform', 'gateway', 'deployment', 'work-portal', 'scheduler', 'connector', 'management-console'];
const ADMIN = { email: 'bench-admin@fleet.example', password: 'Bench-Admin-Passw0rd!' };
const sha = (s) => createHash('sha256').update(Buffer.from(s, 'utf8')).digest('hex');

function options(args) {
  const o = { iterations: 20, artifacts: 50, smoke: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--smoke') o.smoke = true;
    else if (a === '--iterations') o.iterations = Number(args[++i]);
    else if (a === '--artifacts') o.artifacts = Number(args[++i]);
    else throw new Error(`unknown option ${a} (expected --iterations N, --artifacts N, --smoke)`);
  }
  if (o.smoke) Object.assign(o, { iterations: 3, artifacts: 10 });
  if (!(o.iterations >= 1) || !(o.artifacts >= 3)) throw new Error('--iterations must be ≥ 1 and --artifacts ≥ 3');
  return o;
}

function stats(samples, errors) {
  const s = [...samples].sort((a, b) => a - b);
  const pick = (p) => (s.length ? s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))] : null);
  return { count: s.length, p50Ms: round(pick(50)), p99Ms: round(pick(99)), maxMs: round(s.at(-1) ?? null), errors };
}

function startServices(natsUrl, dir, prefix) {
  return startBenchServices({ services: SERVICES, natsUrl, dir, prefix, admin: ADMIN, env: { DEPLOYMENT_SWEEP_INTERVAL_MS: '200' }, readyTimeoutMs: 240_000 });
}

/** The stand-in catalog: one snapshot per tag, built on demand. */
function snapshotOf(projectId, companyId, tag, version, artifacts) {
  const art = (kind, name, content, id) => ({ id, kind, name, displayName: name, content, contentHash: sha(content) });
  const list = [art('entity', 'Case', JSON.stringify({ attributes: [{ name: 'number', type: 'string', required: true }], key: ['number'] }), '00000000-0000-4000-8000-000000000001')];
  list.push(art('parameter', 'baseUrl', JSON.stringify({ type: 'url', secret: false, default: 'https://example.test' }), '00000000-0000-4000-8000-000000000002'));
  for (let i = 0; i < artifacts - 2; i++) {
    const xml = `<bpmn:definitions id="p${i}" v="${version}">${'<bpmn:task/>'.repeat(170)}</bpmn:definitions>`;
    list.push(art('process', `Process ${String(i).padStart(3, '0')}`, xml, `00000000-0000-4000-8000-${String(1000 + i).padStart(12, '0')}`));
  }
  return { projectId, companyId, tag, commitId: randomUUID(), version, createdAt: new Date().toISOString(), artifacts: list };
}

export async function run(args) {
  const o = options(args);
  const dir = mkdtempSync(join(tmpdir(), 'fleet-bench-deployment-'));
  const prefix = `bench${randomBytes(4).toString('hex')}`;
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
    fleet = await startServices(natsUrl, dir, prefix);
    let token;
    for (const until = Date.now() + 60_000; !token; ) {
      const r = await fetch(`${fleet.gatewayUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
      if (r.status === 200) token = (await r.json()).access_token;
      else if (Date.now() > until) throw new Error(`sign-in answered ${r.status}`);
      else await new Promise((res) => setTimeout(res, 250));
    }
    const api = async (method, path, body) => {
      const r = await fetch(`${fleet.gatewayUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      const text = await r.text();
      if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${text.slice(0, 200)}`);
      return JSON.parse(text);
    };
    const me = await api('GET', '/api/v1/me');
    const sub = await api('POST', '/api/v1/subscriptions', { companyId: me.companyId, kind: 'studio', name: 'Studio' });
    const project = await api('POST', '/api/v1/projects', { subscriptionId: sub.id, name: 'Bench' });
    const env = await api('POST', `/api/v1/projects/${project.id}/environments`, { kind: 'development' });

    nc = await connect({ servers: natsUrl.split(','), name: 'bench-catalog' });
    const tags = new Map();
    nc.subscribe(`${prefix}.catalog.tag.snapshot`, {
      callback: (_e, msg) => {
        const p = msg.json();
        const s = tags.get(p.data.tag);
        msg.respond(JSON.stringify(s ? { id: p.id, isDisposed: true, response: s } : { id: p.id, isDisposed: true, err: { code: 'CATALOG.NOT_FOUND', message: 'tag not found' } }));
      },
    });

    const builds = [];
    const applies = [];
    let buildErrors = 0;
    let applyErrors = 0;
    let packageBytes = 0;
    for (let i = 0; i <= o.iterations; i++) {
      const tag = `v${i + 1}`;
      tags.set(tag, snapshotOf(project.id, me.companyId, tag, i + 1, o.artifacts));
      let pkg;
      const t0 = performance.now();
      try {
        pkg = await api('POST', `/api/v1/projects/${project.id}/packages`, { tag });
        if (i > 0) builds.push(performance.now() - t0); // iteration 0 warms up (and seeds the environment)
      } catch {
        buildErrors++;
        continue;
      }
      if (i === 0) packageBytes = (await (await fetch(`${fleet.gatewayUrl}/api/v1/projects/${project.id}/packages/${pkg.id}/export`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer()).byteLength;
      const t1 = performance.now();
      try {
        const d = await api('POST', `/api/v1/environments/${env.id}/deployments`, { packageId: pkg.id });
        for (;;) {
          const s = await api('GET', `/api/v1/environments/${env.id}/deployments/${d.id}`);
          if (s.status === 'done') break;
          if (s.status === 'aborted') throw new Error(s.reason);
          if (performance.now() - t1 > 60_000) throw new Error('apply did not finish in 60 s');
          await new Promise((r) => setTimeout(r, 20));
        }
        if (i > 0) applies.push(performance.now() - t1);
      } catch (err) {
        applyErrors++;
        if (process.env.BENCH_DEBUG) process.stderr.write(`apply failed: ${err.message}\n`);
      }
    }
    return {
      benchmark: 'deployment',
      path: 'HTTP → gateway → NATS → deployment (SQLite) → JetStream → 4 package receivers (SQLite) → acknowledgements',
      iterations: o.iterations,
      artifactsPerPackage: o.artifacts,
      packageFileBytes: packageBytes,
      machine: { node: process.version, cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown' },
      build: stats(builds, buildErrors),
      apply: { ...stats(applies, applyErrors), note: 'until status done: staged by 4 receivers, committed, activated by 4; polled every 20 ms' },
    };
  } finally {
    await nc?.close();
    await fleet?.stop();
    if (nats) await stopNatsServer(nats.handle);
    if (process.env.BENCH_KEEP) process.stderr.write(`logs kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
