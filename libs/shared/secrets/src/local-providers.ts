import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertSecretRef, SecretUnresolvedError, type SecretsProvider } from './secrets-provider';

/**
 * Secrets as files of one directory, one file per secret named by the reference (the layout of a
 * mounted Kubernetes Secret or a Docker secret). A trailing newline is dropped.
 */
export class DirectorySecretsProvider implements SecretsProvider {
  readonly kind = 'directory';

  constructor(private readonly dir: string) {}

  async get(ref: string): Promise<string> {
    assertSecretRef(ref);
    try {
      const text = await readFile(join(this.dir, ref), 'utf8');
      return text.replace(/\r?\n$/, '');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new SecretUnresolvedError(ref, code === 'ENOENT' ? 'no such secret' : `unreadable (${code ?? 'error'})`);
    }
  }
}

/** The environment variable that holds secret `ref`: `FLEET_SECRET_` + the reference upper-cased, other characters as `_`. */
export function secretEnvName(ref: string): string {
  return `FLEET_SECRET_${ref.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** Secrets from environment variables (`FLEET_SECRET_<REF>`): local runs and tests. */
export class EnvSecretsProvider implements SecretsProvider {
  readonly kind = 'env';

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  async get(ref: string): Promise<string> {
    assertSecretRef(ref);
    const value = this.env[secretEnvName(ref)];
    if (value === undefined) throw new SecretUnresolvedError(ref, `no such secret (${secretEnvName(ref)} is not set)`);
    return value;
  }
}

/** Asks each provider in turn; the first that has the secret answers. */
export class ChainSecretsProvider implements SecretsProvider {
  readonly kind: string;

  constructor(private readonly providers: SecretsProvider[]) {
    this.kind = providers.map((p) => p.kind).join('+');
  }

  async get(ref: string): Promise<string> {
    assertSecretRef(ref);
    for (const p of this.providers) {
      try {
        return await p.get(ref);
      } catch (err) {
        if (!(err instanceof SecretUnresolvedError)) throw err;
      }
    }
    throw new SecretUnresolvedError(ref, `no such secret in ${this.kind}`);
  }
}
