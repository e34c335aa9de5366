import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';

/** Where accounts keeps a generated key-encryption key when ACCOUNTS_KEY_ENCRYPTION_KEY is unset. */
export const KEK_FILE_NAME = 'accounts-key-encryption.key';

/**
 * The AES-256 key that encrypts signing keys at rest: ACCOUNTS_KEY_ENCRYPTION_KEY when set; else a
 * random key generated once into `<dataDir>/accounts-key-encryption.key` (mode 0600) and reused,
 * with a warning, because it lives next to the database it protects and replicas do not share it.
 * Never a key derived from a constant: a default everybody knows protects nothing.
 */
export function resolveKeyEncryptionKey(configured: string, dataDir: string, logger: Logger): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  const file = join(dataDir, KEK_FILE_NAME);
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold the base64 of 32 bytes: restore it or set ACCOUNTS_KEY_ENCRYPTION_KEY`);
    logger.warn({ file }, 'ACCOUNTS_KEY_ENCRYPTION_KEY is not set: using the generated key in the data directory (set the variable in production)');
    return key;
  }
  const key = randomBytes(32);
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  logger.warn({ file }, 'ACCOUNTS_KEY_ENCRYPTION_KEY is not set: generated a key into the data directory (set the variable in production; every replica needs the same key)');
  return key;
}
