import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { SecretClient, type SecretClientOptions } from '@azure/keyvault-secrets';
import { assertSecretRef, SecretUnresolvedError, type SecretsProvider } from './secrets-provider';

/** Options of the Key Vault adapter; tests and private CAs pass `tlsOptions`, tests also relax the challenge check. */
export interface KeyVaultProviderOptions {
  /** The vault, e.g. `https://my-vault.vault.azure.net`. */
  vaultUrl: string;
  /** Default: `DefaultAzureCredential` (workload identity, managed identity, environment, CLI). */
  credential?: TokenCredential;
  /** Passed to the SDK's `SecretClient` (retry, TLS, `disableChallengeResourceVerification`). */
  clientOptions?: SecretClientOptions;
}

/**
 * Secrets from Azure Key Vault, read with the official SDK (`@azure/keyvault-secrets`). A reference
 * is the secret's name (latest version), or `name/version`. Key Vault names allow only letters,
 * digits and `-`; other references are refused before any request.
 */
export class KeyVaultSecretsProvider implements SecretsProvider {
  readonly kind = 'keyvault';
  private readonly client: SecretClient;

  constructor(o: KeyVaultProviderOptions) {
    this.client = new SecretClient(o.vaultUrl, o.credential ?? new DefaultAzureCredential(), o.clientOptions);
  }

  async get(ref: string): Promise<string> {
    const { name, version } = parseRef(ref);
    try {
      const secret = await this.client.getSecret(name, version ? { version } : {});
      if (secret.properties.enabled === false) throw new SecretUnresolvedError(name, 'the secret is disabled');
      if (secret.value === undefined) throw new SecretUnresolvedError(name, 'the secret has no value');
      return secret.value;
    } catch (err) {
      if (err instanceof SecretUnresolvedError) throw err;
      throw new SecretUnresolvedError(name, reasonOf(err));
    }
  }
}

/** `name` or `name/version`, checked against Key Vault's naming rules before any request. */
function parseRef(ref: string): { name: string; version?: string } {
  const [name = '', version, extra] = ref.split('/');
  assertSecretRef(name);
  const valid = extra === undefined && /^[A-Za-z0-9-]{1,127}$/.test(name) && (version === undefined || /^[A-Za-z0-9]{1,64}$/.test(version));
  if (!valid) throw new SecretUnresolvedError(name, 'not a valid Key Vault secret name');
  return { name, version };
}

/** Why Key Vault failed, from the SDK's RestError status; never the body (it could echo data). */
function reasonOf(err: unknown): string {
  const status = (err as { statusCode?: number }).statusCode;
  if (status === 404) return 'no such secret';
  if (status === 401 || status === 403) return `refused by Key Vault (${status})`;
  return `Key Vault failed (${status ?? (err as Error).name})`;
}
