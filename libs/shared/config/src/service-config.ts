import { envPrefixOf } from '@fleet/contracts-fleet';
import { resolve } from 'node:path';
import { ConfigError, readEnv, vars, type EnvSpec, type EnvValues } from './env-spec';

/** Default health port of each service (ARCHITECTURE.md). */
export const DEFAULT_HEALTH_PORTS: Record<string, number> = {
  gateway: 9400,
  accounts: 9401,
  platform: 9402,
  catalog: 9403,
  deployment: 9404,
  scheduler: 9405,
  connector: 9406,
  'work-portal': 9407,
  'management-console': 9408,
  smtp: 9409,
};

/** The settings every service has: NATS, database, health port, logs, timeouts. */
export interface BaseServiceConfig {
  service: string;
  nats: { servers: string[]; subjectPrefix: string; name: string };
  db: { url: string; migrationsRun: boolean };
  health: { port: number; host: string };
  logLevel: string;
  requestTimeoutMs: number;
  shutdownGraceMs: number;
  dataDir: string;
  /** `iss` of Fleet access tokens: accounts signs with it, every service's verifier expects it. */
  tokenIssuer: string;
  /**
   * FLEET_SERVICE_SECRET: the master secret every service derives its client secret from (service
   * identity). Empty when unset outside production: the kit then uses `<dataDir>/service-secret`.
   */
  serviceSecret: string;
  /** OpenTelemetry traces: off by default; `otlp` to a collector, `file` to JSON lines (local runs, tests). */
  tracing: { exporter: 'none' | 'otlp' | 'file'; otlpUrl?: string; file: string };
}

/** At least 32 printable characters: FLEET_SERVICE_SECRET. */
const SERVICE_SECRET_PATTERN = /^[\x21-\x7e]{32,512}$/;

const DB_URL_EXPECTED = 'a sqlite:<path>, postgres://… or mssql://… URL';
function parseDbUrl(raw: string): string | undefined {
  if (/^sqlite:.+$/.test(raw)) return raw;
  if (!/^(postgres(ql)?|mssql):\/\/.+$/.test(raw)) return undefined;
  try {
    return new URL(raw).hostname ? raw : undefined;
  } catch {
    return undefined;
  }
}

/** The env spec of the base settings of `service`, with that service's variable names. */
export function baseEnvSpec(service: string): EnvSpec {
  const p = envPrefixOf(service);
  return {
    NATS_URL: vars.natsUrls('NATS servers to connect to', 'nats://127.0.0.1:4222'),
    FLEET_SUBJECT_PREFIX: vars.string('prefix before every subject and stream name (isolates fleets sharing one NATS)', '', /^[a-z0-9_-]*\.?$/i, 'letters, digits, _ or -, optionally ending with a dot'),
    [`${p}_DB_URL`]: { expected: DB_URL_EXPECTED, doc: `database of ${service} (falls back to FLEET_DB_URL)`, default: '', parse: parseDbUrl },
    FLEET_DB_URL: { expected: DB_URL_EXPECTED, doc: 'shared fallback database URL (each service gets its own file or schema); default sqlite:<FLEET_DATA_DIR>', default: '', parse: parseDbUrl },
    FLEET_DATA_DIR: vars.string('directory of the embedded default databases (sqlite:<dir>/<service>.db)', '.data'),
    [`${p}_MIGRATIONS_RUN`]: vars.bool('run pending migrations at boot (false: run them with migrate.js first)', true),
    [`${p}_HEALTH_PORT`]: vars.port('port of /healthz, /readyz and /metrics', DEFAULT_HEALTH_PORTS[service] ?? 9400),
    [`${p}_HEALTH_HOST`]: vars.host('bind address of the health port', '127.0.0.1'),
    LOG_LEVEL: vars.oneOf('pino log level', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    FLEET_REQUEST_TIMEOUT_MS: vars.int('timeout of every NATS request, in ms', 5000, 100, 300000),
    FLEET_SHUTDOWN_GRACE_MS: vars.int('how long shutdown waits for in-flight work, in ms', 5000, 0, 120000),
    FLEET_SERVICE_SECRET: {
      expected: 'at least 32 printable characters without spaces (e.g. `openssl rand -base64 48`)',
      doc: 'master secret of service identity: each service authenticates to accounts with HMAC-SHA256(secret, its name); required when NODE_ENV=production, else generated once into <FLEET_DATA_DIR>/service-secret',
      default: '',
      parse: (raw: string) => (SERVICE_SECRET_PATTERN.test(raw) ? raw : undefined),
    },
    FLEET_TOKEN_ISSUER: vars.string('issuer (iss claim) of access tokens: accounts signs with it, every service expects it', 'fleet', /^[\x21-\x7e]{1,200}$/, '1 to 200 printable characters without spaces'),
    OTEL_TRACES_EXPORTER: vars.oneOf('where OpenTelemetry spans go: none (off), otlp (OTLP/HTTP collector), file (JSON lines in FLEET_TRACE_FILE)', ['none', 'otlp', 'file'] as const, 'none'),
    OTEL_EXPORTER_OTLP_ENDPOINT: { expected: 'an http(s):// URL', doc: 'OTLP/HTTP collector base URL (traces go to <url>/v1/traces); the SDK default http://localhost:4318 when empty', default: '', parse: parseHttpUrl },
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: { expected: 'an http(s):// URL', doc: 'full OTLP/HTTP traces URL (wins over OTEL_EXPORTER_OTLP_ENDPOINT)', default: '', parse: parseHttpUrl },
    FLEET_TRACE_FILE: vars.string('JSON-lines span file of OTEL_TRACES_EXPORTER=file (several processes may share it); default <FLEET_DATA_DIR>/traces.jsonl', ''),
  } satisfies EnvSpec;
}

/**
 * Reads and validates the base settings plus the service's own `extra` spec. Throws
 * {@link ConfigError} naming the first bad variable.
 */
export function readServiceConfig<S extends EnvSpec>(
  service: string,
  env: NodeJS.ProcessEnv,
  extra?: S,
): BaseServiceConfig & { env: EnvValues<S> } {
  const p = envPrefixOf(service);
  const base = readEnv(baseEnvSpec(service), env) as Record<string, unknown>;
  const own = extra ? readEnv(extra, env) : ({} as EnvValues<S>);
  const dataDir = resolve(String(base.FLEET_DATA_DIR));
  let url = (base[`${p}_DB_URL`] as string | undefined) || '';
  if (!url) url = sharedDbUrlFor(service, (base.FLEET_DB_URL as string | undefined) || `sqlite:${dataDir}`, dataDir);
  else if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (!file) throw new ConfigError(`${p}_DB_URL`, 'a sqlite:<file> URL with a path', url);
    url = `sqlite:${resolve(file)}`;
  }
  const prefix = String(base.FLEET_SUBJECT_PREFIX);
  const serviceSecret = String(base.FLEET_SERVICE_SECRET);
  if (!serviceSecret && env.NODE_ENV === 'production') throw new ConfigError('FLEET_SERVICE_SECRET', 'set in production: at least 32 printable characters, the same for every service', undefined);
  return {
    service,
    nats: {
      servers: base.NATS_URL as string[],
      subjectPrefix: prefix && !prefix.endsWith('.') ? `${prefix}.` : prefix,
      name: `${service}-${process.pid}`,
    },
    db: { url, migrationsRun: Boolean(base[`${p}_MIGRATIONS_RUN`]) },
    health: { port: Number(base[`${p}_HEALTH_PORT`]), host: String(base[`${p}_HEALTH_HOST`]) },
    logLevel: String(base.LOG_LEVEL),
    requestTimeoutMs: Number(base.FLEET_REQUEST_TIMEOUT_MS),
    shutdownGraceMs: Number(base.FLEET_SHUTDOWN_GRACE_MS),
    dataDir,
    tokenIssuer: String(base.FLEET_TOKEN_ISSUER),
    serviceSecret,
    tracing: tracingOf(base, dataDir),
    env: own,
  };
}

function tracingOf(base: Record<string, unknown>, dataDir: string): BaseServiceConfig['tracing'] {
  const traces = (base.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as string | undefined) ?? '';
  const root = (base.OTEL_EXPORTER_OTLP_ENDPOINT as string | undefined) ?? '';
  const otlpUrl = traces || (root ? `${root.replace(/\/+$/, '')}/v1/traces` : undefined);
  const file = String(base.FLEET_TRACE_FILE);
  return {
    exporter: base.OTEL_TRACES_EXPORTER as BaseServiceConfig['tracing']['exporter'],
    ...(otlpUrl ? { otlpUrl } : {}),
    file: file ? resolve(file) : resolve(dataDir, 'traces.jsonl'),
  };
}

function parseHttpUrl(raw: string): string | undefined {
  if (!/^https?:\/\/.+/.test(raw)) return undefined;
  try {
    return new URL(raw).toString().replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

/** FLEET_DB_URL is shared: each service gets its own sqlite file in the directory, or its own schema. */
function sharedDbUrlFor(service: string, shared: string, dataDir: string): string {
  const snake = envPrefixOf(service).toLowerCase();
  if (shared.startsWith('sqlite:')) {
    const dir = shared.slice('sqlite:'.length) || dataDir;
    return `sqlite:${resolve(dir, `${service}.db`)}`;
  }
  const u = new URL(shared);
  if (!u.searchParams.has('schema')) u.searchParams.set('schema', `fleet_${snake}`);
  return u.toString();
}
