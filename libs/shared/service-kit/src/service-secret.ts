import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';

/** Name of the generated master secret in the data directory (local runs without FLEET_SERVICE_SECRET). */
export const SERVICE_SECRET_FILE = 'service-secret';

/**
 * FLEET_SERVICE_SECRET, or (local runs only: production refuses to boot without it, see
 * readServiceConfig) a secret generated once into `<dataDir>/service-secret` and shared by every
 * service started with the same data directory. Never a constant.
 */
export function resolveServiceSecret(config: { serviceSecret: string; dataDir: string }, logger: Pick<Logger, 'warn'>): string {
  if (config.serviceSecret) return config.serviceSecret;
  const file = join(config.dataDir, SERVICE_SECRET_FILE);
  if (!existsSync(file)) {
    // Written whole under a private name, then linked into place: services starting together never
    // read a half-written file, and the first link wins (link never replaces an existing file).
    mkdirSync(config.dataDir, { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600 });
    try {
      linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another service created it first
    } finally {
      unlinkSync(tmp);
    }
  }
  chmodSync(file, 0o600);
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${file} holds no usable service secret (at least 32 characters): delete it or set FLEET_SERVICE_SECRET`);
  logger.warn({ file }, 'FLEET_SERVICE_SECRET is not set: using the generated local service secret (set it in every deployment)');
  return secret;
}
