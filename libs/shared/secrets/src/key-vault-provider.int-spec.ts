import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { KeyVaultSecretsProvider } from './key-vault-provider';
import { SecretUnresolvedError } from './secrets-provider';
import { KV_RESOURCE, KV_TENANT, LocalKeyVault, selfSignedCertificate } from './test/local-key-vault';

/** A credential that hands out one token and records what the SDK asked for (scopes, tenant). */
class RecordingCredential implements TokenCredential {
  readonly asked: { scopes: string[]; tenantId?: string }[] = [];
  constructor(private readonly token: string) {}
  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    this.asked.push({ scopes: ([] as string[]).concat(scopes), tenantId: options?.tenantId });
    return { token: this.token, expiresOnTimestamp: Date.now() + 3600_000 };
  }
}

/**
 * Pins the Key Vault adapter to the Key Vault REST protocol: the official SDK, unmodified, talks
 * HTTPS to a local server that answers as Key Vault does (the real service is unreachable here).
 */
describe('KeyVaultSecretsProvider (contract with the Key Vault secrets REST API)', () => {
  const tls = selfSignedCertificate();
  const vault = new LocalKeyVault(tls, 'kv-access-token');
  let credential: RecordingCredential;
  let provider: KeyVaultSecretsProvider;

  beforeAll(async () => {
    await vault.start();
    vault.secrets.set('crm-api-key', { value: 'canary-kv-7f3a9c', version: '4387e9f3d6e14c459867679a90fd0f79', enabled: true });
    vault.secrets.set('old-key', { value: 'x', version: 'aaaa', enabled: false });
  });
  afterAll(() => vault.stop());
  beforeEach(() => {
    credential = new RecordingCredential('kv-access-token');
    provider = new KeyVaultSecretsProvider({
      vaultUrl: vault.url,
      credential,
      clientOptions: { tlsOptions: { ca: tls.cert }, disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } },
    });
  });

  it('should answer the value after the bearer challenge, asking the credential for the challenged resource and tenant', async () => {
    vault.requests.length = 0;

    await expect(provider.get('crm-api-key')).resolves.toBe('canary-kv-7f3a9c');

    expect(vault.requests.map((r) => [r.method, r.url.split('?')[0], r.authorization ?? null])).toStrictEqual([
      ['GET', '/secrets/crm-api-key/', null],
      ['GET', '/secrets/crm-api-key/', 'Bearer kv-access-token'],
    ]);
    expect(new URL(vault.requests[1]!.url, vault.url).searchParams.get('api-version')).toMatch(/^7\.\d+$/);
    expect(credential.asked).toStrictEqual([{ scopes: [`${KV_RESOURCE}/.default`], tenantId: KV_TENANT }]);
  });

  it('should read one version with name/version', async () => {
    await expect(provider.get('crm-api-key/4387e9f3d6e14c459867679a90fd0f79')).resolves.toBe('canary-kv-7f3a9c');
    await expect(provider.get('crm-api-key/ffff')).rejects.toThrow('secret crm-api-key could not be resolved: no such secret');
  });

  it('should answer SecretUnresolvedError naming the reference for a missing secret (404 SecretNotFound)', async () => {
    const err = (await provider.get('nope').catch((e: unknown) => e)) as SecretUnresolvedError;

    expect(err).toBeInstanceOf(SecretUnresolvedError);
    expect(err.message).toBe('secret nope could not be resolved: no such secret');
  });

  it('should refuse a disabled secret and a wrong token without a value in the message', async () => {
    await expect(provider.get('old-key')).rejects.toThrow('refused by Key Vault (403)');
    const wrong = new KeyVaultSecretsProvider({ vaultUrl: vault.url, credential: new RecordingCredential('stolen'), clientOptions: { tlsOptions: { ca: tls.cert }, disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } } });
    const err = (await wrong.get('crm-api-key').catch((e: unknown) => e)) as Error;
    expect(err.message).toBe('secret crm-api-key could not be resolved: refused by Key Vault (401)');
    expect(JSON.stringify(err)).not.toContain('canary-kv-7f3a9c');
  });

  it('should refuse names Key Vault cannot hold before any request', async () => {
    vault.requests.length = 0;
    await expect(provider.get('../etc/passwd')).rejects.toBeInstanceOf(SecretUnresolvedError);
    await expect(provider.get('under_score')).rejects.toThrow('not a valid Key Vault secret name');
    expect(vault.requests).toHaveLength(0);
  });

  it('should refuse a vault whose certificate it does not trust (no TLS shortcut)', async () => {
    const untrusting = new KeyVaultSecretsProvider({ vaultUrl: vault.url, credential, clientOptions: { disableChallengeResourceVerification: true, retryOptions: { maxRetries: 0 } } });
    await expect(untrusting.get('crm-api-key')).rejects.toBeInstanceOf(SecretUnresolvedError);
  });
});
