// Catalog benchmark: a commit of 1,000 artifacts, then the diff of two versions of that project,
// over HTTP through the gateway.
//
//   npm run bench -- catalog [--artifacts 1000] [--repeat 5] [--smoke]
//
// Starts nats-server (unless NATS_URL is set) and the built accounts, platform, catalog and gateway
// (`services/<name>/dist/main.js`; run `npm run build` first) on a private subject prefix, each with
// its own SQLite file in a temporary directory. Signs in as the bootstrap administrator, creates a
// subscription and a project, then measures (wall time of the HTTP request, ms):
//   commit      POST …/catalog/commits adding N artifacts (entities, forms bound to them, rules,
//               parameters; every one validated, references resolved, one transaction)
//   update      a second commit changing 10% of them and adding 10% more (the version to diff)
//   diff        GET …/catalog/diff?from=1&to=2 (metadata only), median of --repeat runs
//   diffContent GET …/catalog/diff?from=1&to=2&includeContent=true, median of --repeat runs
//   snapshot    tag version 2 and GET …/tags/{tag}/snapshot (every artifact with content)
// `--smoke`: 100 artifacts, 1 repetition. One JSON object is printed. BENCH_KEEP=1 keeps the logs.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NOT_FOUND_MESSAGE, findNatsServer, startNatsServer, stopNatsServer } from '../tools/fleet/nats.mjs';
import { round, startBenchServices } from './lib/services.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SERVICES = ['accounts', 'platform', 'catalog', 'gateway'];
const ADMIN = { email: 'bench-admin@fleet.example', password: 'Bench-Admin-Passw0rd!' };

function options(args) {
  const o = { artifacts: 1000, repeat: 5, smoke: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--smoke') o.smoke = true;
    else if (a === '--artifacts') o.artifacts = Number(args[++i]);
    else if (a === '--repeat') o.repeat = Number(args[++i]);
    else throw new Error(`unknown option ${a} (expected --artifacts N, --repeat N, --smoke)`);
  }
  if (o.smoke) Object.assign(o, { artifacts: 100, repeat: 1 });
  if (!(o.artifacts >= 4) || !(o.repeat >= 1)) throw new Error('--artifacts must be at least 4 and --repeat positive');
  return o;
}

function startServices(natsUrl, dir) {
  return startBenchServices({ services: SERVICES, natsUrl, dir, admin: ADMIN, env: { FLEET_REQUEST_TIMEOUT_MS: '60000' }, readyTimeoutMs: 120_000 });
}

/** One HTTP call; throws on a non-2xx answer. Returns the body and the wall time in ms. */
async function call(base, method, path, token, body) {
  const t = performance.now();
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  const ms = performance.now() - t;
  if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${text.slice(0, 500)}`);
  return { body: text ? JSON.parse(text) : {}, ms, bytes: text.length };
}

async function signIn(base) {
  const until = Date.now() + 60_000;
  for (;;) {
    const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    if (r.status === 200) return (await r.json()).access_token;
    if (Date.now() > until) throw new Error(`sign-in answered ${r.status}: ${await r.text()}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

/** N artifacts: a quarter each entities, forms bound to them, rules, parameters. */
function artifacts(n) {
  const out = [];
  for (let i = 0; out.length < n; i++) {
    out.push({ op: 'add', kind: 'entity', name: `entity_${i}`, displayName: `Entity ${i}`, content: { attributes: [{ name: 'id', type: 'string', required: true, maxLength: 40 }, { name: 'amount', type: 'decimal' }, { name: 'note', type: 'text' }], key: ['id'] } });
    if (out.length < n) out.push({ op: 'add', kind: 'form', name: `form_${i}`, displayName: `Form ${i}`, content: { entity: `entity_${i}`, fields: [{ attribute: 'amount', label: 'Amount' }, { attribute: 'note', label: 'Note' }] } });
    if (out.length < n) out.push({ op: 'add', kind: 'rule', name: `rule_${i}`, displayName: `Rule ${i}`, content: { expression: `amount > ${i} and note != "x"`, resultType: 'boolean' } });
    if (out.length < n) out.push({ op: 'add', kind: 'parameter', name: `param_${i}`, displayName: `Param ${i}`, content: { type: 'number', secret: false, default: i } });
  }
  return out;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run(args) {
  const o = options(args);
  const dir = mkdtempSync(join(tmpdir(), 'fleet-bench-catalog-'));
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
    const base = fleet.gatewayUrl;
    const token = await signIn(base);
    const me = (await call(base, 'GET', '/api/v1/me', token)).body;
    const subscription = (await call(base, 'POST', '/api/v1/subscriptions', token, { companyId: me.companyId, kind: 'studio', name: 'Bench' })).body.id;
    const project = (await call(base, 'POST', '/api/v1/projects', token, { subscriptionId: subscription, name: `Bench ${randomUUID().slice(0, 8)}` })).body.id;
    const cat = `/api/v1/projects/${project}/catalog`;
    // warm-up: the first request of a process pays for lazy loading, not the catalog
    await call(base, 'GET', `${cat}/artifacts`, token);

    const changes = artifacts(o.artifacts);
    const commit = await call(base, 'POST', `${cat}/commits`, token, { parentVersion: 0, message: 'bench: initial', changes });
    const added = commit.body.changes;
    const tenth = Math.max(1, Math.floor(o.artifacts / 10));
    const rules = added.filter((c) => c.kind === 'rule').slice(0, tenth);
    const update = [
      ...rules.map((c) => ({ op: 'update', artifactId: c.artifactId, content: { expression: 'amount > 1000000', resultType: 'boolean' } })),
      ...artifacts(tenth).map((c) => ({ ...c, name: `more_${c.name}` })).filter((c) => c.kind !== 'form'),
    ];
    const second = await call(base, 'POST', `${cat}/commits`, token, { parentVersion: 1, message: 'bench: update', changes: update });

    const diffs = [];
    const diffsContent = [];
    let diffBody;
    for (let i = 0; i < o.repeat; i++) {
      const d = await call(base, 'GET', `${cat}/diff?from=1&to=2`, token);
      diffs.push(d.ms);
      diffBody = d.body;
      diffsContent.push((await call(base, 'GET', `${cat}/diff?from=1&to=2&includeContent=true`, token)).ms);
    }
    await call(base, 'POST', `${cat}/tags`, token, { name: 'bench' });
    const snapshot = await call(base, 'GET', `${cat}/tags/bench/snapshot`, token);
    return {
      benchmark: 'catalog',
      path: 'HTTP → gateway → NATS → catalog (SQLite, synchronous=FULL), permissions asked of platform',
      smoke: o.smoke,
      machine: { node: process.version, cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown' },
      commit: { artifacts: o.artifacts, requestBytes: JSON.stringify(changes).length, ms: round(commit.ms), version: commit.body.version },
      update: { changes: update.length, ms: round(second.ms), version: second.body.version },
      diff: { from: 1, to: 2, entries: diffBody.entries.length, added: diffBody.added, changed: diffBody.changed, removed: diffBody.removed, repeat: o.repeat, medianMs: round(median(diffs)), allMs: diffs.map((x) => round(x)) },
      diffWithContent: { medianMs: round(median(diffsContent)), allMs: diffsContent.map((x) => round(x)) },
      snapshot: { artifacts: snapshot.body.artifacts.length, bytes: snapshot.bytes, ms: round(snapshot.ms) },
    };
  } finally {
    await fleet?.stop();
    if (nats) await stopNatsServer(nats.handle);
    if (process.env.BENCH_KEEP) process.stderr.write(`logs kept in ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
