// Chart versus code: every rendered Deployment's container is started as a local process with
// exactly the environment, ports and probes the Deployment gives it, and its probes must answer.
//
// What a pod would get, and how it is mapped here:
//   - the environment: the image's ENV lines (deploy/Dockerfile), then every envFrom ConfigMap,
//     then env (plain values; secretKeyRef resolved from the rendered Secrets, or from
//     `clusterSecrets`, the Secrets an operator would have created); a reference that resolves to
//     nothing is a failure, as it would be in a cluster (CreateContainerConfigError);
//   - the command: the Dockerfile's CMD, `node services/${FLEET_SERVICE}/dist/main.js`, run from
//     the repository root (the image's /app);
//   - the network: each pod gets its own loopback address 127.0.0.<N>; a bind address of 0.0.0.0
//     in the environment becomes that address (ten pods share port 9400). Hosts in nats://,
//     postgres:// and mssql:// URLs become 127.0.0.1 (NATS and PostgreSQL run there). Nothing
//     else is changed, and nothing is added but PATH.
//   - the probes: startupProbe, livenessProbe and readinessProbe of the container, httpGet on the
//     named or numbered port, polled until they answer 2xx within a bounded time.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

const MAPPED_PROTOCOLS = new Set(['nats:', 'tls:', 'postgres:', 'postgresql:', 'mssql:']);

/** ENV lines of the final stage of deploy/Dockerfile, with ${SERVICE} substituted. */
export function imageEnv(dockerfileText, service) {
  const stages = dockerfileText.split(/^FROM\s/m);
  const last = stages[stages.length - 1].replace(/\\\r?\n/g, ' ');
  const env = {};
  for (const line of last.split('\n')) {
    const m = /^ENV\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    for (const pair of m[1].trim().split(/\s+/)) {
      const eq = pair.indexOf('=');
      if (eq > 0) env[pair.slice(0, eq)] = pair.slice(eq + 1).replace(/\$\{SERVICE\}/g, service).replace(/^"|"$/g, '');
    }
  }
  return env;
}

/** The container's effective environment: { env, problems }. */
export function effectiveEnv(container, objects, { base = {}, clusterSecrets = {} } = {}) {
  const problems = [];
  const env = { ...base };
  const configMaps = new Map(objects.filter((o) => o.kind === 'ConfigMap').map((o) => [o.metadata.name, o]));
  const secrets = new Map(objects.filter((o) => o.kind === 'Secret').map((o) => [o.metadata.name, o]));
  const secretValue = (name, key) => {
    const rendered = secrets.get(name);
    if (rendered) {
      if (rendered.stringData?.[key] !== undefined) return rendered.stringData[key];
      if (rendered.data?.[key] !== undefined) return Buffer.from(rendered.data[key], 'base64').toString('utf8');
      return undefined;
    }
    return clusterSecrets[name]?.[key];
  };
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const cm = configMaps.get(from.configMapRef.name);
      if (!cm) { problems.push(`envFrom: ConfigMap ${from.configMapRef.name} is not rendered`); continue; }
      for (const [k, v] of Object.entries(cm.data ?? {})) env[`${from.prefix ?? ''}${k}`] = String(v);
    } else if (from.secretRef) {
      const s = secrets.get(from.secretRef.name);
      const data = s ? Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]))
        : clusterSecrets[from.secretRef.name];
      if (!data) { problems.push(`envFrom: Secret ${from.secretRef.name} does not exist`); continue; }
      for (const [k, v] of Object.entries(data)) env[`${from.prefix ?? ''}${k}`] = String(v);
    }
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = String(e.value);
    else if (e.valueFrom?.secretKeyRef) {
      const { name, key } = e.valueFrom.secretKeyRef;
      const v = secretValue(name, key);
      if (v === undefined) problems.push(`env ${e.name}: Secret ${name} has no key ${key}`);
      else env[e.name] = v;
    } else if (e.valueFrom?.configMapKeyRef) {
      const { name, key } = e.valueFrom.configMapKeyRef;
      const v = configMaps.get(name)?.data?.[key];
      if (v === undefined) problems.push(`env ${e.name}: ConfigMap ${name} has no key ${key}`);
      else env[e.name] = String(v);
    } else {
      env[e.name] = '';
    }
  }
  return { env, problems };
}

/** Maps one environment onto this machine (see the header). */
export function mapToLoopback(env, podAddress) {
  const out = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === '0.0.0.0') { out[k] = podAddress; continue; }
    out[k] = v.split(',').map((part) => {
      try {
        const url = new URL(part);
        if (!MAPPED_PROTOCOLS.has(url.protocol) || !url.hostname) return part;
        url.hostname = '127.0.0.1';
        return url.toString();
      } catch {
        return part;
      }
    }).join(',');
  }
  return out;
}

function httpGet(host, port, path, timeoutMs = 2_000) {
  return new Promise((resolve) => {
    const req = request({ host, port, path, method: 'GET', timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { if (body.length < 4000) body += c; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
      res.on('error', () => resolve({ status: 0, body: 'response aborted' }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ status: 0, body: err.code ?? err.message }));
    req.end();
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls GET until 2xx or the deadline; resolves { ok, status, body, ms }. */
async function pollUntilOk(host, port, path, deadline, isAlive) {
  const started = Date.now();
  let last = { status: 0, body: 'not tried' };
  while (Date.now() < deadline && isAlive()) {
    last = await httpGet(host, port, path);
    if (last.status >= 200 && last.status < 300) return { ok: true, ...last, ms: Date.now() - started };
    await sleep(250);
  }
  return { ok: false, ...last, ms: Date.now() - started };
}

function portNumber(container, port) {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(String(port))) return Number(port);
  return (container.ports ?? []).find((p) => p.name === port)?.containerPort;
}

/**
 * Starts one process per pod spec and checks its probes.
 * @param {object} opts
 *   pods: [{ name, service, container, objects, address, checks? }] (checks: [{kind, path, port}]
 *   replaces the container's three probes)
 *   root, dockerfile (text), clusterSecrets, timeoutMs,
 *   whileRunning: async (results) => extra, called before the processes are stopped
 * @returns {Promise<{ results: object[], problems: string[], extra }>}
 */
export async function runPods({ pods, root, dockerfile, clusterSecrets = {}, timeoutMs = 120_000, whileRunning }) {
  const problems = [];
  const children = [];
  const deadline = Date.now() + timeoutMs;
  try {
    const launched = pods.map((pod) => {
      const { env, problems: envProblems } = effectiveEnv(pod.container, pod.objects, {
        base: imageEnv(dockerfile, pod.service), clusterSecrets,
      });
      for (const p of envProblems) problems.push(`${pod.name}: ${p}`);
      const mapped = mapToLoopback(env, pod.address);
      const script = join('services', mapped.FLEET_SERVICE ?? pod.service, 'dist', 'main.js');
      const child = spawn(process.execPath, [script], {
        cwd: root, env: { ...mapped, PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const keep = (chunk) => { output = (output + chunk).slice(-6000); };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const state = { exit: null };
      child.on('exit', (code, signal) => { state.exit = { code, signal }; });
      children.push(child);
      return { pod, child, state, env: mapped, output: () => output };
    });

    const results = await Promise.all(launched.map(async ({ pod, state, env, output }) => {
      const started = Date.now();
      const alive = () => state.exit === null;
      const probes = {};
      const checks = pod.checks ?? ['startupProbe', 'livenessProbe', 'readinessProbe'].map((kind) => ({
        kind, path: pod.container[kind]?.httpGet?.path, port: pod.container[kind]?.httpGet?.port,
      }));
      for (const { kind, path, port: portRef } of checks) {
        if (!path) { probes[kind] = { ok: false, detail: 'no httpGet probe' }; break; }
        const port = portNumber(pod.container, portRef);
        const probe = { httpGet: { path } };
        // Each probe is polled until it answers: startup first (as the kubelet does), then the others.
        const r = await pollUntilOk(pod.address, port, probe.httpGet.path, deadline, alive);
        probes[kind] = { ok: r.ok, path: probe.httpGet.path, port, status: r.status, ms: r.ms, detail: r.body.slice(0, 300) };
        if (!r.ok) break;
      }
      return { pod, env, probes, ms: Date.now() - started, exit: state.exit, output: output() };
    }));
    const extra = whileRunning ? await whileRunning(results) : undefined;
    return { results, problems, extra };
  } finally {
    await Promise.all(children.map((child) => new Promise((resolveStop) => {
      if (child.exitCode !== null || child.signalCode !== null) { resolveStop(); return; }
      const timer = setTimeout(() => { child.kill('SIGKILL'); }, 10_000);
      child.once('exit', () => { clearTimeout(timer); resolveStop(); });
      child.kill('SIGTERM');
    })));
  }
}

/** GET on one port of a pod (used for the gateway's own /api/v1/health after the probes). */
export { httpGet };

/** Reads deploy/Dockerfile. */
export function readDockerfile(root) {
  return readFileSync(join(root, 'deploy', 'Dockerfile'), 'utf8');
}
