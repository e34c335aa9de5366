import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CachingSecretsProvider } from './caching-provider';
import { secretsProviderFrom } from './from-env';
import { ChainSecretsProvider, DirectorySecretsProvider, EnvSecretsProvider, secretEnvName } from './local-providers';
import { SecretUnresolvedError, type SecretsProvider } from './secrets-provider';

describe('local secrets providers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-secrets-'));
  writeFileSync(join(dir, 'db-password'), 's3cret\n');

  it('should read a file per secret without the trailing newline', async () => {
    await expect(new DirectorySecretsProvider(dir).get('db-password')).resolves.toBe('s3cret');
  });

  it('should refuse path traversal and missing files with the reference only', async () => {
    const p = new DirectorySecretsProvider(dir);
    await expect(p.get('../db-password')).rejects.toBeInstanceOf(SecretUnresolvedError);
    await expect(p.get('missing')).rejects.toThrow('secret missing could not be resolved: no such secret');
  });

  it('should map references to FLEET_SECRET_ variables', async () => {
    expect(secretEnvName('crm.api-key')).toBe('FLEET_SECRET_CRM_API_KEY');
    await expect(new EnvSecretsProvider({ FLEET_SECRET_CRM_API_KEY: 'k' }).get('crm.api-key')).resolves.toBe('k');
  });

  it('should ask the chain in order', async () => {
    const chain = new ChainSecretsProvider([new DirectorySecretsProvider(dir), new EnvSecretsProvider({ FLEET_SECRET_DB_PASSWORD: 'env', FLEET_SECRET_OTHER: 'o' })]);
    await expect(chain.get('db-password')).resolves.toBe('s3cret');
    await expect(chain.get('other')).resolves.toBe('o');
    await expect(chain.get('none')).rejects.toThrow('no such secret in directory+env');
  });

  it('should choose directory then env when no Key Vault is configured, and Key Vault when it is', () => {
    expect(secretsProviderFrom({ secretsDir: dir, cacheSeconds: 1 }, {}).kind).toBe('directory+env');
    expect(secretsProviderFrom({ keyVaultUrl: 'https://v.vault.azure.net', cacheSeconds: 1 }, {}).kind).toBe('keyvault');
  });
});

describe('CachingSecretsProvider', () => {
  const counting = (): SecretsProvider & { calls: number } => {
    const p = {
      kind: 'count',
      calls: 0,
      get: async (ref: string) => {
        p.calls++;
        if (ref === 'bad') throw new SecretUnresolvedError(ref, 'no');
        return `v${p.calls}`;
      },
    };
    return p;
  };

  it('should share one fetch between concurrent callers and cache until the ttl', async () => {
    let now = 0;
    const inner = counting();
    const c = new CachingSecretsProvider(inner, 1000, () => now);
    expect(await Promise.all([c.get('a'), c.get('a'), c.get('a')])).toStrictEqual(['v1', 'v1', 'v1']);
    now = 999;
    expect(await c.get('a')).toBe('v1');
    now = 1001;
    expect(await c.get('a')).toBe('v2');
    expect(inner.calls).toBe(2);
  });

  it('should not cache failures', async () => {
    const inner = counting();
    const c = new CachingSecretsProvider(inner, 1000);
    await expect(c.get('bad')).rejects.toBeInstanceOf(SecretUnresolvedError);
    await expect(c.get('bad')).rejects.toBeInstanceOf(SecretUnresolvedError);
    expect(inner.calls).toBe(2);
  });
});
