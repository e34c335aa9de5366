import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';

/** Where smtp keeps a generated key when SMTP_SECRET_KEY is unset. */
export const SECRET_KEY_FILE = 'smtp-secret.key';

/**
 * Seals relay passwords at rest with AES-256-GCM (`v1.<iv>.<tag>.<ciphertext>`, base64url). The key
 * is SMTP_SECRET_KEY, or a random key generated once into the data directory (with a warning):
 * never one derived from a constant.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the relay secret key must be 32 bytes');
  }

  static resolve(configured: string, dataDir: string, logger: Logger): SecretBox {
    if (configured) return new SecretBox(Buffer.from(configured, 'base64'));
    const file = join(dataDir, SECRET_KEY_FILE);
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true });
      try {
        writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another replica wrote it first
      }
    }
    logger.warn({ file }, 'SMTP_SECRET_KEY is not set: relay passwords are sealed with the generated key in the data directory (set the variable in production)');
    return new SecretBox(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  open(sealed: string): string {
    const [v, iv, tag, body] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
    const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
  }
}
