// The fleet's services (start order and default health ports, as in ARCHITECTURE.md) and the
// environment each one is launched with.
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Start order. Health ports default to 9400 (gateway) … 9409 (smtp). */
export const SERVICES = [
  { name: 'accounts', healthPort: 9401 },
  { name: 'platform', healthPort: 9402 },
  { name: 'catalog', healthPort: 9403 },
  { name: 'deployment', healthPort: 9404 },
  { name: 'scheduler', healthPort: 9405 },
  { name: 'connector', healthPort: 9406 },
  { name: 'work-portal', healthPort: 9407 },
  { name: 'management-console', healthPort: 9408 },
  { name: 'smtp', healthPort: 9409 },
  { name: 'gateway', healthPort: 9400 },
];

export const DEFAULT_ADMIN_EMAIL = 'admin@fleet.local';
export const DEFAULT_ADMIN_PASSWORD = 'Fleet-Admin-2026!';

/** "work-portal" -> "WORK_PORTAL" (the service's env prefix without the trailing underscore). */
export function envPrefix(name) {
  return name.toUpperCase().replace(/-/g, '_');
}

function isSet(env, key) {
  return env[key] !== undefined && env[key] !== '';
}

/** Where a service's health endpoints answer, honouring <SERVICE>_HEALTH_PORT / _HEALTH_HOST. */
export function healthAddress(service, env = process.env) {
  const prefix = envPrefix(service.name);
  const port = isSet(env, `${prefix}_HEALTH_PORT`) ? Number(env[`${prefix}_HEALTH_PORT`]) : service.healthPort;
  const bind = isSet(env, `${prefix}_HEALTH_HOST`) ? env[`${prefix}_HEALTH_HOST`] : '127.0.0.1';
  // A wildcard bind address is reached through loopback.
  const host = bind === '0.0.0.0' || bind === '::' || bind === '[::]' ? '127.0.0.1' : bind.replace(/^\[(.*)\]$/, '$1');
  return { bind, host, port, portVar: `${prefix}_HEALTH_PORT` };
}

/** The gateway's HTTP API address (GATEWAY_HOST / GATEWAY_PORT, default 127.0.0.1:8080). */
export function gatewayAddress(env = process.env) {
  const bind = isSet(env, 'GATEWAY_HOST') ? env.GATEWAY_HOST : '127.0.0.1';
  const port = isSet(env, 'GATEWAY_PORT') ? Number(env.GATEWAY_PORT) : 8080;
  const host = bind === '0.0.0.0' || bind === '::' || bind === '[::]' ? '127.0.0.1' : bind.replace(/^\[(.*)\]$/, '$1');
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { bind, host, port, url: `http://${urlHost}:${port}` };
}

/** The bootstrap administrator: the email, and whether the password came from the environment. */
export function adminAccount(env = process.env) {
  return {
    email: isSet(env, 'FLEET_ADMIN_EMAIL') ? env.FLEET_ADMIN_EMAIL : DEFAULT_ADMIN_EMAIL,
    emailFromEnv: isSet(env, 'FLEET_ADMIN_EMAIL'),
    passwordFromEnv: isSet(env, 'FLEET_ADMIN_PASSWORD'),
  };
}

/**
 * The environment of one service process: ours, plus NATS_URL and FLEET_DATA_DIR, plus defaults
 * that are only filled in when not already set (database URL, health port, bootstrap admin).
 */
export function serviceEnv(service, { env = process.env, natsUrl, dataDir }) {
  const prefix = envPrefix(service.name);
  const out = { ...env, NATS_URL: natsUrl, FLEET_DATA_DIR: dataDir };
  if (!isSet(env, `${prefix}_DB_URL`) && !isSet(env, 'FLEET_DB_URL')) {
    out[`${prefix}_DB_URL`] = `sqlite:${join(dataDir, `${service.name}.db`)}`;
  }
  if (!isSet(env, `${prefix}_HEALTH_PORT`)) out[`${prefix}_HEALTH_PORT`] = String(service.healthPort);
  if (!isSet(env, 'FLEET_ADMIN_EMAIL')) out.FLEET_ADMIN_EMAIL = DEFAULT_ADMIN_EMAIL;
  if (!isSet(env, 'FLEET_ADMIN_PASSWORD')) out.FLEET_ADMIN_PASSWORD = DEFAULT_ADMIN_PASSWORD;
  if (!isSet(env, 'FLEET_SERVICE_SECRET')) out.FLEET_SERVICE_SECRET = localServiceSecret(dataDir);
  return out;
}

/**
 * The FLEET_SERVICE_SECRET of local runs: generated once into <dataDir>/service-secret (mode 0600,
 * the file the service kit itself falls back to) and given to every service, so they all derive
 * their client secrets from the same one and a restart keeps it.
 */
export function localServiceSecret(dataDir) {
  const file = join(dataDir, 'service-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600 });
    try {
      linkSync(tmp, file); // never replaces a file another launcher wrote first
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(tmp);
    }
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * The command of one service: `node services/<name>/dist/main.js`, or the FLEET_START_SERVICE_CMD
 * template (`{name}` and `{repo}` substituted, split on whitespace, run without a shell).
 */
export function serviceCommand(service, { repoRoot, template }) {
  if (template) {
    const argv = template
      .trim()
      .split(/\s+/)
      .map((part) => part.replaceAll('{name}', service.name).replaceAll('{repo}', repoRoot));
    return { file: argv[0], args: argv.slice(1), custom: true };
  }
  return { file: process.execPath, args: [join('services', service.name, 'dist', 'main.js')], custom: false };
}
